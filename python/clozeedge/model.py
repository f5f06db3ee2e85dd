"""A from-scratch BERT masked LM whose parameter names and maths match
Hugging Face's BertForMaskedLM (post-LN, exact-erf GELU, tied decoder + bias),
so the exported graph is a standard `bert` model.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Cfg:
    def __init__(self, vocab_size=30522, hidden_size=256, num_hidden_layers=4, num_attention_heads=4,
                 intermediate_size=1024, max_position_embeddings=128, type_vocab_size=2,
                 layer_norm_eps=1e-12, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                 initializer_range=0.02, pad_token_id=0):
        self.__dict__.update(locals())
        del self.__dict__["self"]

    def to_dict(self):
        return dict(self.__dict__)


class LayerNorm(nn.LayerNorm):
    """nn.LayerNorm that accepts bf16 activations under CPU autocast (computes in fp32)."""

    def forward(self, x):
        if x.dtype != torch.float32:
            x = x.float()
        return super().forward(x)


def gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids, token_type_ids):
        T = input_ids.shape[1]
        pos = torch.arange(T, device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(pos) + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.h = c.num_attention_heads
        self.d = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def forward(self, x, add_mask, queries=None):
        """Self-attention over x [B, T, H]; with `queries` [B, M, H] (rows of x), only those rows
        attend (over all of x) and the result is [B, M, H]."""
        B, T, H = x.shape
        qx = x if queries is None else queries
        M = qx.shape[1]
        q = self.query(qx).view(B, M, self.h, self.d).transpose(1, 2)
        k = self.key(x).view(B, T, self.h, self.d).transpose(1, 2)
        v = self.value(x).view(B, T, self.h, self.d).transpose(1, 2)
        s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.d) + add_mask
        p = self.dropout(torch.softmax(s, dim=-1))
        return torch.matmul(p, v).transpose(1, 2).reshape(B, M, H)


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = nn.Module()
        self.attention.self = SelfAttention(c)
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.attention.output.LayerNorm = LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(c.hidden_size, c.intermediate_size)
        self.output = nn.Module()
        self.output.dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.output.LayerNorm = LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x, add_mask, rows=None):
        """The layer's output for every position of x, or only for `rows` [B, M, H] (rows of x):
        each output row depends on all of x only through attention's keys and values."""
        r = x if rows is None else rows
        a = self.attention.self(x, add_mask, rows)
        r = self.attention.output.LayerNorm(r + self.drop(self.attention.output.dense(a)))
        h = gelu(self.intermediate.dense(r))
        return self.output.LayerNorm(r + self.drop(self.output.dense(h)))


class BertForMaskedLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cfg = c
        self.bert = nn.Module()
        self.bert.embeddings = Embeddings(c)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList([Layer(c) for _ in range(c.num_hidden_layers)])
        self.cls = nn.Module()
        self.cls.predictions = nn.Module()
        self.cls.predictions.transform = nn.Module()
        self.cls.predictions.transform.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.cls.predictions.transform.LayerNorm = LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.cls.predictions.bias = nn.Parameter(torch.zeros(c.vocab_size))
        self.apply(self._init)

    def _init(self, m):
        std = self.cfg.initializer_range
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, std)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, 0.0, std)
            if m.padding_idx is not None:
                with torch.no_grad():
                    m.weight[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    def encode(self, input_ids, attention_mask, token_type_ids, positions=None):
        """Hidden states [B, T, H], or with `positions` [B, M] only the last layer's rows at those
        positions [B, M, H]: the last layer then runs its queries, attention output and
        feed-forward block on those rows alone (the same numbers, a fraction of its work)."""
        add_mask = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        x = self.bert.embeddings(input_ids, token_type_ids)
        layers = self.bert.encoder.layer
        for layer in layers if positions is None else layers[:-1]:
            x = layer(x, add_mask)
        if positions is None:
            return x
        rows = torch.gather(x, 1, positions.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        return layers[-1](x, add_mask, rows)

    def head(self, h):
        # flattened to 2-D so the tied decoder exports as Gemm(transB=1) on the embedding table itself
        # (no transposed fp32 copy of the table in the ONNX file)
        shp = h.shape
        h = h.reshape(-1, shp[-1])
        t = self.cls.predictions.transform
        h = t.LayerNorm(gelu(t.dense(h)))
        logits = F.linear(h, self.bert.embeddings.word_embeddings.weight, self.cls.predictions.bias)
        return logits.reshape(shp[:-1] + (logits.shape[-1],))

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.head(self.encode(input_ids, attention_mask, token_type_ids))


class MaskedPositionsWrapper(nn.Module):
    """Same network, the last layer and the MLM head only on the rows named by mask_positions [B, M]."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids, mask_positions):
        return self.model.head(self.model.encode(input_ids, attention_mask, token_type_ids, mask_positions))


class FullWrapper(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids, attention_mask, token_type_ids)


def hf_state_dict(model):
    """State dict with HF BertForMaskedLM key names (for a PyTorch export if ever wanted)."""
    sd = {k: v for k, v in model.state_dict().items()}
    sd["cls.predictions.decoder.weight"] = sd["bert.embeddings.word_embeddings.weight"]
    sd["cls.predictions.decoder.bias"] = sd["cls.predictions.bias"]
    return sd
