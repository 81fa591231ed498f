#ifndef VTRANS_CFFMPEG_SHIM_H
#define VTRANS_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <libavutil/avutil.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/samplefmt.h>
#include <libavutil/dict.h>
#include <libavutil/mem.h>
#include <string.h>

/* Values FFmpeg defines as function-like or cast macros, which Swift cannot import. */

/** AVERROR(e): a POSIX errno as an FFmpeg error code. */
static inline int vt_averror(int errnum) { return AVERROR(errnum); }
/** AVERROR_EOF. */
static inline int vt_averror_eof(void) { return AVERROR_EOF; }
/** AVERROR_INVALIDDATA. */
static inline int vt_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
/** AVERROR_STREAM_NOT_FOUND. */
static inline int vt_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
/** AVERROR_DECODER_NOT_FOUND. */
static inline int vt_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
/** AVERROR_DEMUXER_NOT_FOUND. */
static inline int vt_averror_demuxer_not_found(void) { return AVERROR_DEMUXER_NOT_FOUND; }
/** AVERROR_PATCHWELCOME (a feature FFmpeg does not implement). */
static inline int vt_averror_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
/** AV_NOPTS_VALUE: "no timestamp". */
static inline int64_t vt_nopts_value(void) { return AV_NOPTS_VALUE; }
/** AV_TIME_BASE_Q: microseconds. */
static inline AVRational vt_time_base_q(void) { return (AVRational){1, AV_TIME_BASE}; }

/** A copy of `size` bytes allocated with av_mallocz (zero-padded, for fields libav* frees itself). */
static inline uint8_t *vt_av_memdup_padded(const uint8_t *bytes, int size, int padding) {
    uint8_t *copy = av_mallocz((size_t)size + (size_t)padding);
    if (copy && size > 0) memcpy(copy, bytes, (size_t)size);
    return copy;
}

#endif
