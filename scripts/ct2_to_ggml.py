#!/usr/bin/env python3
"""Convert a CTranslate2 Whisper model into whisper.cpp's ggml file, and check the result.

    ct2_to_ggml.py convert CT2_DIR OUT.bin --assets WHISPER_ASSETS_DIR [--ftype f16|f32]
    ct2_to_ggml.py check   CT2_DIR GGML.bin [--assets DIR] [--card]
    ct2_to_ggml.py inspect GGML.bin

CT2_DIR holds a CTranslate2 `model.bin` (WhisperSpec) with its `config.json` and, optionally,
`vocabulary.txt`. WHISPER_ASSETS_DIR is openai-whisper's `whisper/assets/` (mel_filters.npz,
gpt2.tiktoken, multilingual.tiktoken): the ggml header embeds the mel filter bank and the BPE
vocabulary. `convert` always ends with the same verification as `check`, which re-reads the ggml
file, rebuilds every CTranslate2 tensor from it (re-fusing Q/K/V) and compares count, shapes and
values with the source. Needs Python 3 and numpy only.

The two formats, as this script understands them:

CTranslate2 model.bin (binary version 4 to 6, little endian):
    u32 binary_version; str spec_name; u32 spec_revision; u32 n_variables;
    n_variables x { str name; u8 rank; u32 dims[rank]; u8 dtype; u32 n_bytes; bytes data }
    u32 n_aliases; n_aliases x { str alias; str target }
  where str is u16 length (including a trailing NUL) + bytes + NUL, and dtype indexes
  (float32, int8, int16, int32, float16, bfloat16). Variables are sorted by name. A weight with a
  sibling `<name>_scale` is quantized: float = stored / scale (int8: one scale per output row).
  Whisper's layout: self-attention Q, K, V fused in `linear_0` ([3*d, d], in that order, K bias
  stored as zeros), cross-attention K and V fused in `linear_1` ([2*d, d]), `linear_1`/`linear_2`
  the output projections, and `decoder/projection/weight` an alias of the token embedding.

whisper.cpp ggml (the loader in whisper.cpp's src/whisper.cpp, little endian):
    i32 magic 0x67676d6c; i32 n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
    n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype;
    i32 n_mel, n_fft; f32 filters[n_mel * n_fft];
    i32 n_tokens; n_tokens x { u32 len; bytes };
    tensors until EOF: { i32 n_dims, name_len, ttype; i32 ne[n_dims] (innermost first);
                         bytes name; data }
  Matrices are in `ftype` (f16 here); biases, layer norms, positional embeddings and the conv
  biases (shape [n, 1]) are f32; conv kernels are f16 unless the whole file is f32. The loader
  rejects a tensor whose type differs from that, so the converter writes exactly those types.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import mmap
import os
import struct
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
CT2_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")

# ggml tensor types this script can read: id -> (name, block size, bytes per block)
GGML_TYPES = {
    0: ("f32", 1, 4),
    1: ("f16", 1, 2),
    2: ("q4_0", 32, 18),
    3: ("q4_1", 32, 20),
    6: ("q5_0", 32, 22),
    7: ("q5_1", 32, 24),
    8: ("q8_0", 32, 34),
    30: ("bf16", 1, 2),
}
# whisper.cpp's file-level ftype (llama-style) -> the ggml type of the big matrices
GGML_FTYPE_TO_TYPE = {0: 0, 1: 1, 2: 2, 3: 3, 7: 8, 8: 6, 9: 7}
GGML_QNT_VERSION_FACTOR = 1000


class ConversionError(Exception):
    """Something in the input or output is not what a Whisper model must be."""


# --------------------------------------------------------------------------------------------
# CTranslate2 reader


@dataclass
class Ct2Variable:
    name: str
    shape: tuple
    dtype: str
    data: np.ndarray  # raw, as stored (view into the mapped file)


@dataclass
class Ct2Model:
    path: Path
    binary_version: int
    spec: str
    revision: int
    variables: dict = field(default_factory=dict)  # name -> Ct2Variable
    aliases: dict = field(default_factory=dict)  # alias -> target
    config: dict = field(default_factory=dict)

    def resolve(self, name: str) -> str:
        seen = set()
        while name in self.aliases:
            if name in seen:
                raise ConversionError(f"alias loop at {name}")
            seen.add(name)
            name = self.aliases[name]
        return name

    def has(self, name: str) -> bool:
        return self.resolve(name) in self.variables

    def raw(self, name: str) -> Ct2Variable:
        real = self.resolve(name)
        if real not in self.variables:
            raise ConversionError(f"{self.path}: missing variable '{name}'")
        return self.variables[real]

    def scalar(self, name: str) -> int:
        var = self.raw(name)
        return int(var.data.reshape(-1)[0])

    def tensor(self, name: str) -> np.ndarray:
        """The variable as float32 (int8/int16 dequantized with its scale, bfloat16 widened)."""
        var = self.raw(name)
        data = var.data.reshape(var.shape)
        if var.dtype == "float32":
            out = data.astype(np.float32)
        elif var.dtype == "float16":
            out = data.astype(np.float32)
        elif var.dtype == "bfloat16":
            out = (data.astype(np.uint32) << 16).view(np.float32)
        elif var.dtype in ("int8", "int16"):
            scale_name = self.resolve(name) + "_scale"
            if not self.has(scale_name):
                raise ConversionError(f"{name} is {var.dtype} but has no {scale_name}")
            scale = self.tensor(scale_name)
            values = data.astype(np.float32)
            if scale.size == 1:
                out = values / scale.reshape(())
            else:
                rows = values.reshape(values.shape[0], -1)
                out = (rows / scale.reshape(-1, 1)).reshape(values.shape)
        else:
            raise ConversionError(f"{name}: unsupported dtype {var.dtype}")
        return out.reshape(var.shape)

    def native(self, name: str) -> np.ndarray:
        """The variable unchanged when it is float16 (no rounding), else as float32."""
        var = self.raw(name)
        if var.dtype == "float16":
            return var.data.reshape(var.shape)
        return self.tensor(name)

    def weight_names(self) -> list:
        """Names of the real (non-scalar, non-scale) tensors, aliases excluded."""
        names = []
        for name, var in self.variables.items():
            if len(var.shape) == 0 or name.endswith("_scale"):
                continue
            names.append(name)
        return sorted(names)


def read_ct2(model_dir: Path) -> Ct2Model:
    path = model_dir / "model.bin"
    if not path.is_file():
        raise ConversionError(f"{path}: no such file (expected a CTranslate2 model directory)")
    with open(path, "rb") as fh:
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    pos = 0

    def take(fmt: str):
        nonlocal pos
        size = struct.calcsize(fmt)
        if pos + size > len(buf):
            raise ConversionError(f"{path}: truncated at byte {pos}")
        values = struct.unpack_from(fmt, buf, pos)
        pos += size
        return values[0] if len(values) == 1 else values

    def take_str() -> str:
        nonlocal pos
        length = take("<H")
        raw = bytes(buf[pos : pos + length])
        pos += length
        if not raw.endswith(b"\0"):
            raise ConversionError(f"{path}: malformed string at byte {pos}")
        return raw[:-1].decode("utf-8")

    version = take("<I")
    if not 4 <= version <= 6:
        raise ConversionError(f"{path}: CTranslate2 binary version {version} is not supported (4 to 6 are)")
    spec = take_str()
    revision = take("<I")
    if spec != "WhisperSpec":
        raise ConversionError(f"{path}: spec is '{spec}', not a Whisper model (WhisperSpec)")
    model = Ct2Model(path=path, binary_version=version, spec=spec, revision=revision)
    count = take("<I")
    for _ in range(count):
        name = take_str()
        rank = take("<B")
        shape = tuple(take("<I") for _ in range(rank))
        dtype_id = take("<B")
        n_bytes = take("<I")
        if dtype_id >= len(CT2_DTYPES):
            raise ConversionError(f"{path}: variable {name} has unknown dtype id {dtype_id}")
        dtype = CT2_DTYPES[dtype_id]
        np_dtype = {"bfloat16": np.uint16}.get(dtype, dtype)
        data = np.frombuffer(buf, dtype=np_dtype, count=n_bytes // np.dtype(np_dtype).itemsize, offset=pos)
        if data.size != int(np.prod(shape, dtype=np.int64)):
            raise ConversionError(f"{path}: variable {name} has {data.size} values for shape {shape}")
        pos += n_bytes
        model.variables[name] = Ct2Variable(name, shape, dtype, data)
    n_aliases = take("<I")
    for _ in range(n_aliases):
        alias = take_str()
        model.aliases[alias] = take_str()
    if pos != len(buf):
        raise ConversionError(f"{path}: {len(buf) - pos} unexpected bytes after the aliases")
    config_path = model_dir / "config.json"
    if config_path.is_file():
        model.config = json.loads(config_path.read_text())
    return model


# --------------------------------------------------------------------------------------------
# The mapping


@dataclass
class Hparams:
    n_vocab: int
    n_audio_ctx: int
    n_audio_state: int
    n_audio_head: int
    n_audio_layer: int
    n_text_ctx: int
    n_text_state: int
    n_text_head: int
    n_text_layer: int
    n_mels: int

    @property
    def multilingual(self) -> bool:
        return self.n_vocab >= 51865

    def fields(self) -> list:
        return [
            self.n_vocab, self.n_audio_ctx, self.n_audio_state, self.n_audio_head,
            self.n_audio_layer, self.n_text_ctx, self.n_text_state, self.n_text_head,
            self.n_text_layer, self.n_mels,
        ]


def count_layers(model: Ct2Model, prefix: str) -> int:
    n = 0
    while model.has(f"{prefix}/layer_{n}/ffn/linear_0/weight"):
        n += 1
    return n


def hparams_of(model: Ct2Model) -> Hparams:
    enc_pe = model.raw("encoder/position_encodings/encodings").shape
    dec_pe = model.raw("decoder/position_encodings/encodings").shape
    emb = model.raw("decoder/embeddings/weight").shape
    conv1 = model.raw("encoder/conv1/weight").shape
    hp = Hparams(
        n_vocab=emb[0],
        n_audio_ctx=enc_pe[0],
        n_audio_state=enc_pe[1],
        n_audio_head=model.scalar("encoder/num_heads"),
        n_audio_layer=count_layers(model, "encoder"),
        n_text_ctx=dec_pe[0],
        n_text_state=dec_pe[1],
        n_text_head=model.scalar("decoder/num_heads"),
        n_text_layer=count_layers(model, "decoder"),
        n_mels=conv1[1],
    )
    if hp.n_audio_state != hp.n_text_state or emb[1] != hp.n_text_state:
        raise ConversionError(f"encoder and decoder widths differ ({hp.n_audio_state}, {hp.n_text_state}, {emb[1]})")
    if conv1[0] != hp.n_audio_state or conv1[2] != 3:
        raise ConversionError(f"encoder/conv1/weight has shape {conv1}, expected [{hp.n_audio_state}, n_mels, 3]")
    if hp.n_audio_layer == 0 or hp.n_text_layer == 0:
        raise ConversionError("no encoder or decoder layers found")
    # Whisper is pre-norm, GELU, unscaled embeddings; anything else would convert to garbage.
    for name, expected in (("decoder/pre_norm", 1), ("decoder/scale_embeddings", 0), ("decoder/alibi", 0)):
        if model.has(name) and model.scalar(name) != expected:
            raise ConversionError(f"{name} = {model.scalar(name)}, whisper.cpp needs {expected}")
    if model.has("decoder/projection/weight"):
        if model.resolve("decoder/projection/weight") != model.resolve("decoder/embeddings/weight"):
            raise ConversionError("decoder/projection/weight is not tied to the token embedding; whisper.cpp needs it tied")
    return hp


@dataclass
class Piece:
    """One ggml tensor and where it comes from: rows [start, stop) of a CTranslate2 variable."""

    name: str  # ggml name
    source: str  # CTranslate2 name
    start: int | None = None
    stop: int | None = None
    kind: str = "matrix"  # matrix (ftype), conv (f16 unless f32 file), small (f32), conv_bias (f32, [n, 1])


def linear(pieces: list, ggml: str, ct2: str, bias: bool = True) -> None:
    pieces.append(Piece(f"{ggml}.weight", f"{ct2}/weight"))
    if bias:
        pieces.append(Piece(f"{ggml}.bias", f"{ct2}/bias", kind="small"))


def norm(pieces: list, ggml: str, ct2: str) -> None:
    pieces.append(Piece(f"{ggml}.weight", f"{ct2}/gamma", kind="small"))
    pieces.append(Piece(f"{ggml}.bias", f"{ct2}/beta", kind="small"))


def split(pieces: list, ggml: str, ct2: str, index: int, d: int, bias: bool) -> None:
    pieces.append(Piece(f"{ggml}.weight", f"{ct2}/weight", index * d, (index + 1) * d))
    if bias:
        pieces.append(Piece(f"{ggml}.bias", f"{ct2}/bias", index * d, (index + 1) * d, kind="small"))


def attention(pieces: list, ggml: str, ct2: str, d: int, cross: bool) -> None:
    """Query, key (no bias in Whisper), value, out, in whisper.cpp's names."""
    if cross:
        # linear_0 = Q, linear_1 = fused [K; V], linear_2 = out
        linear(pieces, f"{ggml}.query", f"{ct2}/linear_0")
        split(pieces, f"{ggml}.key", f"{ct2}/linear_1", 0, d, bias=False)
        split(pieces, f"{ggml}.value", f"{ct2}/linear_1", 1, d, bias=True)
        linear(pieces, f"{ggml}.out", f"{ct2}/linear_2")
    else:
        # linear_0 = fused [Q; K; V], linear_1 = out
        split(pieces, f"{ggml}.query", f"{ct2}/linear_0", 0, d, bias=True)
        split(pieces, f"{ggml}.key", f"{ct2}/linear_0", 1, d, bias=False)
        split(pieces, f"{ggml}.value", f"{ct2}/linear_0", 2, d, bias=True)
        linear(pieces, f"{ggml}.out", f"{ct2}/linear_1")


def plan(hp: Hparams) -> list:
    """Every tensor whisper.cpp loads, in OpenAI's state-dict order."""
    d = hp.n_audio_state
    p: list = []
    p.append(Piece("encoder.positional_embedding", "encoder/position_encodings/encodings", kind="small"))
    p.append(Piece("encoder.conv1.weight", "encoder/conv1/weight", kind="conv"))
    p.append(Piece("encoder.conv1.bias", "encoder/conv1/bias", kind="conv_bias"))
    p.append(Piece("encoder.conv2.weight", "encoder/conv2/weight", kind="conv"))
    p.append(Piece("encoder.conv2.bias", "encoder/conv2/bias", kind="conv_bias"))
    for i in range(hp.n_audio_layer):
        g, c = f"encoder.blocks.{i}", f"encoder/layer_{i}"
        attention(p, f"{g}.attn", f"{c}/self_attention", d, cross=False)
        norm(p, f"{g}.attn_ln", f"{c}/self_attention/layer_norm")
        linear(p, f"{g}.mlp.0", f"{c}/ffn/linear_0")
        linear(p, f"{g}.mlp.2", f"{c}/ffn/linear_1")
        norm(p, f"{g}.mlp_ln", f"{c}/ffn/layer_norm")
    norm(p, "encoder.ln_post", "encoder/layer_norm")
    p.append(Piece("decoder.positional_embedding", "decoder/position_encodings/encodings", kind="small"))
    p.append(Piece("decoder.token_embedding.weight", "decoder/embeddings/weight"))
    for i in range(hp.n_text_layer):
        g, c = f"decoder.blocks.{i}", f"decoder/layer_{i}"
        attention(p, f"{g}.attn", f"{c}/self_attention", d, cross=False)
        norm(p, f"{g}.attn_ln", f"{c}/self_attention/layer_norm")
        attention(p, f"{g}.cross_attn", f"{c}/attention", d, cross=True)
        norm(p, f"{g}.cross_attn_ln", f"{c}/attention/layer_norm")
        linear(p, f"{g}.mlp.0", f"{c}/ffn/linear_0")
        linear(p, f"{g}.mlp.2", f"{c}/ffn/linear_1")
        norm(p, f"{g}.mlp_ln", f"{c}/ffn/layer_norm")
    norm(p, "decoder.ln", "decoder/layer_norm")
    expected = 11 + 15 * hp.n_audio_layer + 24 * hp.n_text_layer  # whisper.cpp's own count
    assert len(p) == expected, (len(p), expected)
    return p


def dropped_key_biases(hp: Hparams) -> list:
    """The key biases CTranslate2 stores as zeros inside the fused biases (Whisper has none)."""
    d = hp.n_audio_state
    out = [(f"encoder/layer_{i}/self_attention/linear_0/bias", d, 2 * d) for i in range(hp.n_audio_layer)]
    for i in range(hp.n_text_layer):
        out.append((f"decoder/layer_{i}/self_attention/linear_0/bias", d, 2 * d))
        out.append((f"decoder/layer_{i}/attention/linear_1/bias", 0, d))
    return out


def ggml_type_for(piece: Piece, f32_file: bool) -> int:
    if f32_file or piece.kind in ("small", "conv_bias"):
        return 0
    return 1  # f16: matrices and conv kernels


def piece_data(model: Ct2Model, piece: Piece, ttype: int) -> np.ndarray:
    data = model.native(piece.source)
    if piece.start is not None:
        data = data[piece.start : piece.stop]
    if piece.kind == "conv_bias":
        data = data.reshape(-1, 1)
    return np.ascontiguousarray(data, dtype=np.float32 if ttype == 0 else np.float16)


# --------------------------------------------------------------------------------------------
# Assets: mel filters and vocabulary


def load_mel_filters(assets: Path, n_mels: int) -> np.ndarray:
    path = assets / "mel_filters.npz"
    if not path.is_file():
        raise ConversionError(f"{path}: no such file (pass openai-whisper's whisper/assets as --assets)")
    with np.load(path) as npz:
        key = f"mel_{n_mels}"
        if key not in npz:
            raise ConversionError(f"{path}: has no {key} (has {', '.join(npz.files)})")
        return np.ascontiguousarray(npz[key], dtype=np.float32)


def load_tiktoken(assets: Path, multilingual: bool) -> list:
    path = assets / ("multilingual.tiktoken" if multilingual else "gpt2.tiktoken")
    if not path.is_file():
        raise ConversionError(f"{path}: no such file (pass openai-whisper's whisper/assets as --assets)")
    tokens = []
    for line_no, line in enumerate(path.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        encoded, rank = line.split()
        if int(rank) != len(tokens):
            raise ConversionError(f"{path}:{line_no}: rank {int(rank)} out of order")
        tokens.append(base64.b64decode(encoded))
    return tokens


def gpt2_byte_decoder() -> dict:
    """GPT-2's printable stand-ins for bytes (as in CTranslate2's vocabulary.txt) -> byte."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    decoder = {chr(b): b for b in printable}
    extra = 0
    for b in range(256):
        if b not in printable:
            decoder[chr(256 + extra)] = b
            extra += 1
    return decoder


def cross_check_vocabulary(model_dir: Path, tokens: list) -> str:
    """Compare the tiktoken ranks with the model's own vocabulary.txt, when it has one."""
    path = model_dir / "vocabulary.txt"
    if not path.is_file():
        return "no vocabulary.txt to cross-check"
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    decoder = gpt2_byte_decoder()
    for i, token in enumerate(tokens):
        try:
            text = lines[i]
            as_bytes = bytes(decoder[ch] for ch in text)
        except (IndexError, KeyError):
            as_bytes = None
        if as_bytes != token:
            raise ConversionError(f"{path}: token {i} is {lines[i] if i < len(lines) else None!r}, tiktoken says {token!r}; wrong assets for this model?")
    return f"{len(tokens)} BPE tokens match vocabulary.txt ({len(lines)} entries with special and timestamp tokens)"


# --------------------------------------------------------------------------------------------
# ggml writer and reader


def write_ggml(model: Ct2Model, hp: Hparams, pieces: list, assets: Path, path: Path, f32_file: bool, log) -> dict:
    """Write the ggml file at `path` (header, mel filters, vocabulary, then every piece)."""
    filters = load_mel_filters(assets, hp.n_mels)
    tokens = load_tiktoken(assets, hp.multilingual)
    log(f"vocabulary: {cross_check_vocabulary(model.path.parent, tokens)}")
    counts = {"f32": 0, "f16": 0}
    with open(path, "wb") as f:
        f.write(struct.pack("<i", GGML_MAGIC))
        f.write(struct.pack("<10i", *hp.fields()))
        f.write(struct.pack("<i", 0 if f32_file else 1))
        f.write(struct.pack("<ii", *filters.shape))
        f.write(filters.astype("<f4").tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            f.write(struct.pack("<I", len(token)))
            f.write(token)
        for piece in pieces:
            ttype = ggml_type_for(piece, f32_file)
            data = piece_data(model, piece, ttype)
            name = piece.name.encode("utf-8")
            f.write(struct.pack("<iii", data.ndim, len(name), ttype))
            f.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
            f.write(name)
            f.write(data.tobytes())
            counts["f32" if ttype == 0 else "f16"] += 1
    return {"tokens": len(tokens), "filters": list(filters.shape), **counts}


@dataclass
class GgmlTensor:
    name: str
    shape: tuple  # numpy order (outermost first)
    ttype: int
    data: np.ndarray | None  # decoded for f32/f16, None for quantized
    raw: memoryview | None = None  # the stored bytes of a quantized tensor

    def values(self) -> np.ndarray:
        """The tensor as float32, dequantizing the block formats."""
        if self.data is not None:
            return self.data.astype(np.float32)
        return dequantize(self.ttype, self.raw, self.shape)


@dataclass
class GgmlFile:
    hparams: Hparams
    ftype: int
    filters: np.ndarray
    tokens: list
    tensors: list


def dequantize(ttype: int, raw, shape: tuple) -> np.ndarray:
    """ggml's 32-value block formats to float32 (layouts as in ggml's ggml-common.h)."""
    name, block, block_bytes = GGML_TYPES[ttype]
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, block_bytes)
    d = blocks[:, 0:2].copy().view("<f2").astype(np.float32)  # (n, 1)
    if name == "q8_0":
        q = blocks[:, 2:34].copy().view(np.int8).astype(np.float32)
        out = q * d
    elif name in ("q4_0", "q4_1"):
        offset = 2 if name == "q4_0" else 4
        qs = blocks[:, offset : offset + 16]
        q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)
        if name == "q4_0":
            out = (q - 8) * d
        else:
            m = blocks[:, 2:4].copy().view("<f2").astype(np.float32)
            out = q * d + m
    elif name in ("q5_0", "q5_1"):
        offset = 2 if name == "q5_0" else 4
        qh = blocks[:, offset : offset + 4].copy().view("<u4").astype(np.uint32)  # (n, 1)
        qs = blocks[:, offset + 4 : offset + 20]
        bits = (qh >> np.arange(32, dtype=np.uint32)) & 1  # high bit of value j
        q = (np.concatenate([qs & 0x0F, qs >> 4], axis=1) | (bits << 4)).astype(np.float32)
        if name == "q5_0":
            out = (q - 16) * d
        else:
            m = blocks[:, 2:4].copy().view("<f2").astype(np.float32)
            out = q * d + m
    else:
        raise ConversionError(f"cannot dequantize ggml type {name}")
    return out.reshape(shape)


# Largest error a quantized tensor may show, relative to the tensor's largest magnitude (q4_0 and q5_0
# saturate the side opposite the block maximum: up to one step, 1/8 and 1/16); a wrong
# layout (swapped halves, transposed rows) shows errors of the order of 1.
QUANT_TOLERANCE = {"q8_0": 0.01, "q5_0": 0.07, "q5_1": 0.05, "q4_0": 0.13, "q4_1": 0.1}


def read_ggml(path: Path) -> GgmlFile:
    with open(path, "rb") as fh:
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    pos = 0

    def take(fmt: str):
        nonlocal pos
        size = struct.calcsize(fmt)
        if pos + size > len(buf):
            raise ConversionError(f"{path}: truncated at byte {pos}")
        values = struct.unpack_from(fmt, buf, pos)
        pos += size
        return values

    (magic,) = take("<i")
    if magic != GGML_MAGIC:
        raise ConversionError(f"{path}: bad magic {magic:#x}, not a whisper.cpp ggml file")
    hp = Hparams(*take("<10i"))
    (ftype,) = take("<i")
    n_mel, n_fft = take("<ii")
    filters = np.frombuffer(buf, dtype="<f4", count=n_mel * n_fft, offset=pos).reshape(n_mel, n_fft)
    pos += 4 * n_mel * n_fft
    (n_tokens,) = take("<i")
    tokens = []
    for _ in range(n_tokens):
        (length,) = take("<I")
        tokens.append(bytes(buf[pos : pos + length]))
        pos += length
    tensors = []
    while pos < len(buf):
        n_dims, name_len, ttype = take("<iii")
        ne = take(f"<{n_dims}i")
        name = bytes(buf[pos : pos + name_len]).decode("utf-8")
        pos += name_len
        if ttype not in GGML_TYPES:
            raise ConversionError(f"{path}: tensor {name} has ggml type {ttype}, which this script cannot size")
        _, block, block_bytes = GGML_TYPES[ttype]
        count = int(np.prod(ne, dtype=np.int64))
        if ne[0] % block:
            raise ConversionError(f"{path}: tensor {name} row of {ne[0]} is not a multiple of block {block}")
        n_bytes = count // block * block_bytes
        if pos + n_bytes > len(buf):
            raise ConversionError(f"{path}: tensor {name} is truncated")
        shape = tuple(reversed(ne))
        data = None
        if ttype == 0:
            data = np.frombuffer(buf, dtype="<f4", count=count, offset=pos).reshape(shape)
        elif ttype == 1:
            data = np.frombuffer(buf, dtype="<f2", count=count, offset=pos).reshape(shape)
        raw = None if data is not None else memoryview(buf)[pos : pos + n_bytes]
        pos += n_bytes
        tensors.append(GgmlTensor(name, shape, ttype, data, raw))
    return GgmlFile(hp, ftype, filters, tokens, tensors)


# --------------------------------------------------------------------------------------------
# Verification: ggml -> CTranslate2 tensors, compared with the source


def verify(model: Ct2Model, path: Path, log, assets: Path | None = None, display_name: str | None = None) -> dict:
    """Re-read a ggml file and check it against its CTranslate2 source. Raises on any mismatch."""
    hp = hparams_of(model)
    pieces = plan(hp)
    g = read_ggml(path)
    problems = []
    if g.hparams != hp:
        raise ConversionError(f"{path} is not a conversion of {model.path}: hparams {g.hparams} != source {hp}")
    ftype = g.ftype % GGML_QNT_VERSION_FACTOR
    if ftype not in GGML_FTYPE_TO_TYPE:
        problems.append(f"unknown ftype {g.ftype}")
    matrix_type = GGML_FTYPE_TO_TYPE.get(ftype, 1)
    conv_type = 0 if matrix_type == 0 else 1
    if g.filters.shape[0] != hp.n_mels:
        problems.append(f"mel filters have {g.filters.shape[0]} rows, model has {hp.n_mels} mels")
    if assets is not None:
        if not np.array_equal(g.filters, load_mel_filters(assets, hp.n_mels)):
            problems.append("mel filters differ from mel_filters.npz")
        if g.tokens != load_tiktoken(assets, hp.multilingual):
            problems.append("vocabulary differs from the tiktoken file")
    expected_tokens = 50257 if hp.multilingual else 50256
    if len(g.tokens) != expected_tokens:
        problems.append(f"{len(g.tokens)} vocabulary entries, expected {expected_tokens}")

    by_name = {t.name: t for t in g.tensors}
    if len(by_name) != len(g.tensors):
        problems.append("duplicate tensor names")
    wanted = {p.name: p for p in pieces}
    missing = sorted(set(wanted) - set(by_name))
    unknown = sorted(set(by_name) - set(wanted))
    if missing:
        problems.append(f"missing tensors: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    if unknown:
        problems.append(f"tensors whisper.cpp does not know: {', '.join(unknown[:5])}")

    # Type and shape of every ggml tensor, as whisper.cpp's loader demands them.
    for piece in pieces:
        t = by_name.get(piece.name)
        if t is None:
            continue
        src = model.raw(piece.source).shape
        rows = (piece.stop - piece.start) if piece.start is not None else src[0]
        shape = (rows,) + tuple(src[1:])
        if piece.kind == "conv_bias":
            shape = (src[0], 1)
        if t.shape != shape:
            problems.append(f"{piece.name}: shape {t.shape}, expected {shape} from {piece.source}")
        want_type = {"small": 0, "conv_bias": 0, "conv": conv_type}.get(piece.kind, matrix_type)
        if t.ttype != want_type:
            problems.append(f"{piece.name}: ggml type {GGML_TYPES[t.ttype][0]}, whisper.cpp expects {GGML_TYPES[want_type][0]}")

    # Rebuild each CTranslate2 tensor from its ggml pieces and compare with the source.
    sources: dict = {}
    for piece in pieces:
        sources.setdefault(piece.source, []).append(piece)
    zero_parts = {}
    for name, start, stop in dropped_key_biases(hp):
        zero_parts.setdefault(name, []).append((start, stop))
    source_names = model.weight_names()
    rebuilt_names = {model.resolve(s) for s in sources}
    not_used = sorted(set(source_names) - rebuilt_names)
    if not_used:
        problems.append(f"source tensors with no ggml counterpart: {', '.join(not_used[:5])}")
    max_err = {"exact": 0.0, "f16": 0.0, "quantized": 0.0}
    compared = 0
    for source, parts in sources.items():
        src_var = model.raw(source)
        tensors = [by_name.get(p.name) for p in parts]
        if any(t is None for t in tensors):
            continue  # reported as missing
        rebuilt = np.zeros(src_var.shape, dtype=np.float32)
        covered = np.zeros(src_var.shape[0], dtype=bool)
        for p, t in zip(parts, tensors):
            data = t.values()
            if p.kind == "conv_bias":
                data = data.reshape(-1)
            rows = slice(None) if p.start is None else slice(p.start, p.stop)
            if rebuilt[rows].shape != data.shape:
                problems.append(f"{p.name}: shape {data.shape} does not fit {source} {src_var.shape}")
                break
            rebuilt[rows] = data
            covered[rows] = True
        else:
            for start, stop in zero_parts.get(source, []):
                covered[start:stop] = True  # the key bias: zero in CTranslate2, absent in ggml
            if not covered.all():
                problems.append(f"{source}: rows {np.flatnonzero(~covered)[:3]}... not covered by any ggml tensor")
                continue
            original = model.tensor(source)
            for start, stop in zero_parts.get(source, []):
                if np.any(original[start:stop] != 0):
                    problems.append(f"{source}: key bias rows {start}:{stop} are not zero; whisper.cpp has no key bias")
            ttype = tensors[0].ttype
            if ttype in (0, 1):
                # f16 -> f16/f32 and anything -> f32 are exact; f32, bf16 or int8 -> f16 rounds (2^-11)
                kind = "exact" if ttype == 0 or src_var.dtype == "float16" else "f16"
                tol = 0.0 if kind == "exact" else 1e-3
                err = float(np.max(np.abs(original - rebuilt) / (1.0 + np.abs(original))))
            else:
                kind = "quantized"
                tol = QUANT_TOLERANCE[GGML_TYPES[ttype][0]]
                err = float(np.max(np.abs(original - rebuilt)) / max(float(np.max(np.abs(original))), 1e-12))
            if err > tol:
                problems.append(f"{source}: values differ by up to {err:g} (tolerance {tol:g} for {GGML_TYPES[ttype][0]})")
            max_err[kind] = max(max_err[kind], err)
            compared += 1

    if problems:
        raise ConversionError(f"{path} does not match {model.path}:\n  " + "\n  ".join(problems))
    summary = {
        "ggml_tensors": len(g.tensors),
        "source_tensors": len(source_names),
        "rebuilt_source_tensors": compared,
        "aliases": len(model.aliases),
        "max_error": max_err,
    }
    errors = ", ".join(
        f"{k} {v:.3g}" for k, v in (("f16 rounding", max_err["f16"]), ("quantization", max_err["quantized"])) if v
    ) or "values identical"
    log(
        f"check: {display_name or path.name}: {len(g.tensors)} ggml tensors = whisper.cpp's 11 + 15x{hp.n_audio_layer} + 24x{hp.n_text_layer}; "
        f"rebuilt all {compared} of {len(source_names)} source tensors (+{len(model.aliases)} alias, tied) "
        f"with matching shapes; {errors}"
    )
    return summary


# --------------------------------------------------------------------------------------------
# Commands


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def ftype_name(path: Path) -> str:
    with open(path, "rb") as f:
        header = f.read(48)
    ftype = struct.unpack_from("<i", header, 44)[0] % GGML_QNT_VERSION_FACTOR
    return GGML_TYPES.get(GGML_FTYPE_TO_TYPE.get(ftype, -1), (f"ftype {ftype}",))[0]


def model_card(model: Ct2Model, hp: Hparams, out: Path) -> dict:
    """What the recognizer needs beside the weights: alignment heads for DTW, language and suppressed ids."""
    cfg = model.config
    return {
        "format": "whisper.cpp ggml",
        "ftype": ftype_name(out),
        "multilingual": hp.multilingual,
        "n_vocab": hp.n_vocab,
        "n_audio_layer": hp.n_audio_layer,
        "n_text_layer": hp.n_text_layer,
        "n_state": hp.n_audio_state,
        "n_head": hp.n_audio_head,
        "n_mels": hp.n_mels,
        "alignment_heads": cfg.get("alignment_heads"),
        "lang_ids": cfg.get("lang_ids"),
        "suppress_ids": cfg.get("suppress_ids"),
        "suppress_ids_begin": cfg.get("suppress_ids_begin"),
        "source": {"ctranslate2_model_bin_sha256": sha256_of(model.path), "binary_version": model.binary_version, "spec_revision": model.revision},
        "ggml_sha256": sha256_of(out),
    }


def convert(model_dir: Path, out: Path, assets: Path, ftype: str = "f16", log=print, pieces_hook=None) -> dict:
    """Convert, verify the written file against the source, and only then put it in place with its card."""
    model = read_ct2(model_dir)
    hp = hparams_of(model)
    dtypes = sorted({v.dtype for n, v in model.variables.items() if v.shape and not n.endswith("_scale")})
    log(f"source: {model.path} (CTranslate2 binary v{model.binary_version}, {model.spec} rev {model.revision}, "
        f"{len(model.variables)} variables, {len(model.aliases)} alias, dtypes {', '.join(dtypes)})")
    log(f"model: {'multilingual' if hp.multilingual else 'English-only'}, vocab {hp.n_vocab}, width {hp.n_audio_state}, "
        f"heads {hp.n_audio_head}/{hp.n_text_head}, layers {hp.n_audio_layer}+{hp.n_text_layer}, {hp.n_mels} mels, "
        f"audio ctx {hp.n_audio_ctx}, text ctx {hp.n_text_ctx}")
    if model.revision != 3:
        log(f"warning: WhisperSpec revision {model.revision}; this converter was written against revision 3")
    pieces = plan(hp)
    if pieces_hook is not None:  # tests: write a deliberately wrong file
        pieces = pieces_hook(pieces)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        stats = write_ggml(model, hp, pieces, assets, tmp, ftype == "f32", log)
        log(f"wrote {out} ({tmp.stat().st_size / 1e6:.1f} MB): {len(pieces)} tensors ({stats['f16']} f16, {stats['f32']} f32), "
            f"mel filters {stats['filters'][0]}x{stats['filters'][1]}, {stats['tokens']} vocabulary entries")
        summary = verify(model, tmp, log, assets, display_name=out.name)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    write_card(model, hp, out, log)
    return summary


def cmd_convert(args) -> int:
    log = lambda msg: print(f"ct2_to_ggml: {msg}", flush=True)  # noqa: E731
    convert(Path(args.ct2_dir), Path(args.output), Path(args.assets), args.ftype, log)
    return 0


def write_card(model: Ct2Model, hp: Hparams, out: Path, log) -> None:
    card = model_card(model, hp, out)
    card_path = out.with_suffix(".json")
    tmp = card_path.with_name(card_path.name + ".tmp")
    tmp.write_text(json.dumps(card, indent=2) + "\n")
    os.replace(tmp, card_path)
    log(f"wrote {card_path} ({card['ftype']}, alignment heads {card['alignment_heads']})")


def cmd_check(args) -> int:
    log = lambda msg: print(f"ct2_to_ggml: {msg}", flush=True)  # noqa: E731
    model = read_ct2(Path(args.ct2_dir))
    verify(model, Path(args.ggml), log, Path(args.assets) if args.assets else None)
    if args.card:
        write_card(model, hparams_of(model), Path(args.ggml), log)
    return 0


def cmd_inspect(args) -> int:
    g = read_ggml(Path(args.ggml))
    ftype = g.ftype % GGML_QNT_VERSION_FACTOR
    print(f"hparams: {g.hparams}")
    print(f"ftype: {g.ftype} ({GGML_TYPES.get(GGML_FTYPE_TO_TYPE.get(ftype, -1), ('?',))[0]}), "
          f"mel filters {g.filters.shape}, {len(g.tokens)} vocabulary entries, {len(g.tensors)} tensors")
    if args.tensors:
        for t in g.tensors:
            print(f"  {t.name:48s} {GGML_TYPES[t.ttype][0]:5s} {list(t.shape)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("convert", help="convert a CTranslate2 Whisper model directory to a ggml file, then check it")
    p.add_argument("ct2_dir", help="directory with model.bin and config.json")
    p.add_argument("output", help="ggml file to write (a .json model card is written beside it)")
    p.add_argument("--assets", required=True, help="openai-whisper's whisper/assets directory")
    p.add_argument("--ftype", choices=("f16", "f32"), default="f16", help="type of the big matrices (default f16)")
    p.set_defaults(func=cmd_convert)
    p = sub.add_parser("check", help="verify a ggml file against its CTranslate2 source")
    p.add_argument("ct2_dir")
    p.add_argument("ggml")
    p.add_argument("--assets", help="also compare mel filters and vocabulary with these assets")
    p.add_argument("--card", action="store_true", help="then write the .json model card beside the ggml file")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("inspect", help="print a ggml file's header (and tensors with --tensors)")
    p.add_argument("ggml")
    p.add_argument("--tensors", action="store_true")
    p.set_defaults(func=cmd_inspect)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConversionError as err:
        print(f"ct2_to_ggml: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
