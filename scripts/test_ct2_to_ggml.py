#!/usr/bin/env python3
"""Tests of scripts/ct2_to_ggml.py on small synthetic CTranslate2 Whisper models (no download).

    python3 scripts/test_ct2_to_ggml.py [-v]

Each test writes a model.bin the way CTranslate2's model_spec.py serializes one (sorted variables,
fused Q/K/V with a zero key bias, the projection aliased to the embedding) in one of the dtypes a
converted model can have, converts it and checks the round trip. The real weights are checked by
scripts/install-models.sh, which runs the same verification on every file it writes.
"""

from __future__ import annotations

import base64
import importlib.util
import struct
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("ct2_to_ggml", HERE / "ct2_to_ggml.py")
conv = importlib.util.module_from_spec(spec)
sys.modules["ct2_to_ggml"] = conv
spec.loader.exec_module(conv)

D, HEADS, ENC_LAYERS, DEC_LAYERS, N_MELS = 64, 2, 2, 2, 80
VOCAB_EN = 51864


def ct2_string(s: str) -> bytes:
    raw = s.encode("utf-8")
    return struct.pack("<H", len(raw) + 1) + raw + b"\0"


def write_ct2(path: Path, variables: dict, aliases: dict) -> None:
    """Serialize like CTranslate2 (binary version 6): variables sorted by name, then aliases."""
    dtype_ids = {"float32": 0, "int8": 1, "int16": 2, "int32": 3, "float16": 4, "bfloat16": 5}
    out = [struct.pack("<I", 6), ct2_string("WhisperSpec"), struct.pack("<I", 3), struct.pack("<I", len(variables))]
    for name in sorted(variables):
        value, dtype = variables[name]
        out.append(ct2_string(name))
        out.append(struct.pack("<B", value.ndim))
        out.extend(struct.pack("<I", d) for d in value.shape)
        data = value.tobytes()
        out.append(struct.pack("<B", dtype_ids[dtype]))
        out.append(struct.pack("<I", len(data)))
        out.append(data)
    out.append(struct.pack("<I", len(aliases)))
    for alias, target in sorted(aliases.items()):
        out.append(ct2_string(alias) + ct2_string(target))
    path.write_bytes(b"".join(out))


def whisper_float_weights(rng: np.random.Generator) -> dict:
    """name -> float32 array, with Whisper's shapes (key biases zero inside the fused biases)."""
    w = {}

    def lin(name, rows, cols, zero_rows=None):
        w[f"{name}/weight"] = rng.standard_normal((rows, cols)).astype(np.float32) * 0.1
        bias = rng.standard_normal(rows).astype(np.float32) * 0.1
        if zero_rows is not None:
            bias[zero_rows[0] : zero_rows[1]] = 0.0
        w[f"{name}/bias"] = bias

    def ln(name):
        w[f"{name}/gamma"] = 1 + rng.standard_normal(D).astype(np.float32) * 0.01
        w[f"{name}/beta"] = rng.standard_normal(D).astype(np.float32) * 0.01

    w["encoder/conv1/weight"] = rng.standard_normal((D, N_MELS, 3)).astype(np.float32) * 0.1
    w["encoder/conv1/bias"] = rng.standard_normal(D).astype(np.float32)
    w["encoder/conv2/weight"] = rng.standard_normal((D, D, 3)).astype(np.float32) * 0.1
    w["encoder/conv2/bias"] = rng.standard_normal(D).astype(np.float32)
    w["encoder/position_encodings/encodings"] = rng.standard_normal((1500, D)).astype(np.float32)
    ln("encoder/layer_norm")
    for i in range(ENC_LAYERS):
        p = f"encoder/layer_{i}"
        lin(f"{p}/self_attention/linear_0", 3 * D, D, zero_rows=(D, 2 * D))
        lin(f"{p}/self_attention/linear_1", D, D)
        ln(f"{p}/self_attention/layer_norm")
        lin(f"{p}/ffn/linear_0", 4 * D, D)
        lin(f"{p}/ffn/linear_1", D, 4 * D)
        ln(f"{p}/ffn/layer_norm")
    w["decoder/embeddings/weight"] = rng.standard_normal((VOCAB_EN, D)).astype(np.float32) * 0.1
    w["decoder/position_encodings/encodings"] = rng.standard_normal((448, D)).astype(np.float32)
    ln("decoder/layer_norm")
    for i in range(DEC_LAYERS):
        p = f"decoder/layer_{i}"
        lin(f"{p}/self_attention/linear_0", 3 * D, D, zero_rows=(D, 2 * D))
        lin(f"{p}/self_attention/linear_1", D, D)
        ln(f"{p}/self_attention/layer_norm")
        lin(f"{p}/attention/linear_0", D, D)
        lin(f"{p}/attention/linear_1", 2 * D, D, zero_rows=(0, D))
        lin(f"{p}/attention/linear_2", D, D)
        ln(f"{p}/attention/layer_norm")
        lin(f"{p}/ffn/linear_0", 4 * D, D)
        lin(f"{p}/ffn/linear_1", D, 4 * D)
        ln(f"{p}/ffn/layer_norm")
    return w


def to_bfloat16(a: np.ndarray) -> np.ndarray:
    return (a.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)


def make_model(directory: Path, quantization: str, seed: int = 0, tie: bool = True) -> dict:
    """Write a synthetic model in `quantization` (float32, float16, bfloat16, int8_float16); return the floats."""
    rng = np.random.default_rng(seed)
    weights = whisper_float_weights(rng)
    variables = {}
    for name, value in weights.items():
        quantizable = name.endswith("/weight")
        if quantization == "int8_float16" and quantizable:
            rows = value.reshape(value.shape[0], -1)
            scale = 127.0 / np.maximum(np.abs(rows).max(axis=1), 1e-8)
            q = np.rint(rows * scale[:, None]).astype(np.int8).reshape(value.shape)
            variables[name] = (q, "int8")
            variables[f"{name}_scale"] = (scale.astype(np.float32), "float32")
            weights[name] = (q.reshape(rows.shape).astype(np.float32) / scale[:, None]).reshape(value.shape)
        elif quantization == "bfloat16":
            variables[name] = (to_bfloat16(value), "bfloat16")
        elif quantization in ("float16", "int8_float16"):
            variables[name] = (value.astype(np.float16), "float16")
        else:
            variables[name] = (value, "float32")
    scalars = {
        "decoder/activation": (np.array(1, np.int8), "int8"),
        "decoder/alibi": (np.array(0, np.int8), "int8"),
        "decoder/num_heads": (np.array(HEADS, np.int16), "int16"),
        "decoder/pre_norm": (np.array(1, np.int8), "int8"),
        "decoder/scale_embeddings": (np.array(0, np.int8), "int8"),
        "encoder/num_heads": (np.array(HEADS, np.int16), "int16"),
    }
    variables.update(scalars)
    aliases = {}
    if tie:
        aliases["decoder/projection/weight"] = "decoder/embeddings/weight"
    else:
        variables["decoder/projection/weight"] = (rng.standard_normal((VOCAB_EN, D)).astype(np.float32), "float32")
    directory.mkdir(parents=True, exist_ok=True)
    write_ct2(directory / "model.bin", variables, aliases)
    (directory / "config.json").write_text('{"alignment_heads": [[1, 0], [1, 1]], "lang_ids": []}\n')
    return weights


def make_assets(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    np.savez(directory / "mel_filters.npz", mel_80=rng.random((80, 201)).astype(np.float32))
    lines = [base64.b64encode(f"t{i}".encode()) + b" " + str(i).encode() for i in range(50256)]
    (directory / "gpt2.tiktoken").write_bytes(b"\n".join(lines) + b"\n")
    return directory


class ConverterTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.assets = make_assets(cls.root / "assets")
        cls.messages = []

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def log(self, msg):
        self.messages.append(msg)

    def convert(self, quantization: str, ftype: str = "f16", **kwargs):
        d = self.root / f"{quantization}-{ftype}-{len(self.messages)}"
        weights = make_model(d / "ct2", quantization, **kwargs)
        out = d / "ggml.bin"
        summary = conv.convert(d / "ct2", out, self.assets, ftype, self.log)
        return weights, out, summary

    def check_tensors(self, out: Path, weights: dict, atol: float):
        g = conv.read_ggml(out)
        by_name = {t.name: t for t in g.tensors}
        self.assertEqual(len(g.tensors), 11 + 15 * ENC_LAYERS + 24 * DEC_LAYERS)
        # Q, K, V split in that order from the fused self-attention matrix
        fused = weights["encoder/layer_1/self_attention/linear_0/weight"]
        for index, part in enumerate(("query", "key", "value")):
            got = by_name[f"encoder.blocks.1.attn.{part}.weight"].values()
            np.testing.assert_allclose(got, fused[index * D : (index + 1) * D], atol=atol)
        kv = weights["decoder/layer_0/attention/linear_1/weight"]
        np.testing.assert_allclose(by_name["decoder.blocks.0.cross_attn.key.weight"].values(), kv[:D], atol=atol)
        np.testing.assert_allclose(by_name["decoder.blocks.0.cross_attn.value.weight"].values(), kv[D:], atol=atol)
        kv_bias = weights["decoder/layer_0/attention/linear_1/bias"]
        np.testing.assert_allclose(by_name["decoder.blocks.0.cross_attn.value.bias"].values(), kv_bias[D:], atol=atol)
        self.assertNotIn("decoder.blocks.0.cross_attn.key.bias", by_name)
        conv1_bias = by_name["encoder.conv1.bias"]
        self.assertEqual(conv1_bias.shape, (D, 1))
        self.assertEqual(conv1_bias.ttype, 0)
        self.assertEqual(by_name["encoder.conv1.weight"].shape, (D, N_MELS, 3))
        self.assertEqual(by_name["encoder.positional_embedding"].ttype, 0)
        self.assertEqual(g.hparams.n_vocab, VOCAB_EN)
        self.assertEqual(g.hparams.n_audio_head, HEADS)
        self.assertEqual(g.hparams.n_text_layer, DEC_LAYERS)
        self.assertEqual(len(g.tokens), 50256)
        return g

    def test_float16_round_trip_is_exact(self):
        weights, out, summary = self.convert("float16")
        g = self.check_tensors(out, weights, atol=1e-3)
        self.assertEqual(summary["max_error"], {"exact": 0.0, "f16": 0.0, "quantized": 0.0})
        self.assertEqual(summary["rebuilt_source_tensors"], summary["source_tensors"])
        self.assertEqual(g.ftype, 1)
        self.assertTrue(out.with_suffix(".json").is_file())

    def test_float32_to_f16_and_f32(self):
        weights, out, summary = self.convert("float32")
        self.check_tensors(out, weights, atol=1e-3)
        self.assertGreater(summary["max_error"]["f16"], 0)
        weights, out, summary = self.convert("float32", ftype="f32")
        g = self.check_tensors(out, weights, atol=0)
        self.assertEqual(g.ftype, 0)
        self.assertTrue(all(t.ttype == 0 for t in g.tensors))

    def test_int8_weights_are_dequantized(self):
        weights, out, _ = self.convert("int8_float16")
        self.check_tensors(out, weights, atol=2e-3)

    def test_bfloat16(self):
        weights, out, _ = self.convert("bfloat16")
        self.check_tensors(out, weights, atol=0.01)

    def test_swapped_query_and_key_fail_the_check(self):
        d = self.root / "swapped"
        make_model(d / "ct2", "float16")

        def swap(pieces):
            for p in pieces:
                if p.name == "decoder.blocks.1.attn.query.weight":
                    p.start, p.stop = D, 2 * D
                elif p.name == "decoder.blocks.1.attn.key.weight":
                    p.start, p.stop = 0, D
            return pieces

        with self.assertRaisesRegex(conv.ConversionError, "decoder/layer_1/self_attention/linear_0/weight"):
            conv.convert(d / "ct2", d / "ggml.bin", self.assets, "f16", self.log, pieces_hook=swap)
        self.assertFalse((d / "ggml.bin").exists(), "a file that fails the check must not be left in place")

    def test_dropped_tensor_fails_the_check(self):
        d = self.root / "dropped"
        make_model(d / "ct2", "float16")
        drop = lambda pieces: [p for p in pieces if p.name != "encoder.blocks.0.mlp.0.bias"]  # noqa: E731
        with self.assertRaisesRegex(conv.ConversionError, "missing tensors: encoder.blocks.0.mlp.0.bias"):
            conv.convert(d / "ct2", d / "ggml.bin", self.assets, "f16", self.log, pieces_hook=drop)

    def test_untied_projection_is_refused(self):
        d = self.root / "untied"
        make_model(d / "ct2", "float16", tie=False)
        with self.assertRaisesRegex(conv.ConversionError, "not tied"):
            conv.convert(d / "ct2", d / "ggml.bin", self.assets, "f16", self.log)

    def test_check_of_another_model_fails(self):
        _, out, _ = self.convert("float16")
        d = self.root / "other"
        make_model(d / "ct2", "float16", seed=7)
        with self.assertRaisesRegex(conv.ConversionError, "values differ"):
            conv.verify(conv.read_ct2(d / "ct2"), out, self.log)

    def test_quantized_blocks_decode(self):
        rng = np.random.default_rng(3)
        values = rng.standard_normal((4, 64)).astype(np.float32)
        # q8_0 by hand: per 32 values, d = amax / 127 (f16), q = round(x / d)
        blocks = []
        for row in values.reshape(-1, 32):
            d = np.float16(np.abs(row).max() / 127)
            q = np.rint(row / np.float32(d)).astype(np.int8)
            blocks.append(np.array([d], "<f2").tobytes() + q.tobytes())
        decoded = conv.dequantize(8, b"".join(blocks), values.shape)
        self.assertLess(np.abs(decoded - values).max(), np.abs(values).max() / 100)


if __name__ == "__main__":
    unittest.main()
