// whisper.cpp's C API and the ggml backend loader, as installed by scripts/install-whisper.sh
// (pkg-config `whisper`: headers and libraries under /opt/vtrans).
#include <whisper.h>
#include <ggml-backend.h>
