#ifndef VTRANS_CRC32C_H
#define VTRANS_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has a CRC-32C instruction that vtrans_crc32c_hardware uses
/// (x86-64: SSE4.2 `crc32`; AArch64: the CRC32 extension's `crc32c*`). StageProtocol asks once.
int vtrans_crc32c_hardware_available(void);

/// CRC-32C (Castagnoli) of `count` bytes at `bytes`, continuing from `crc` (0 to start; pass a
/// previous result to checksum in parts): the same value as StageProtocol's table-driven code.
/// Call only when vtrans_crc32c_hardware_available() returns 1.
uint32_t vtrans_crc32c_hardware(uint32_t crc, const void *bytes, size_t count);

#endif
