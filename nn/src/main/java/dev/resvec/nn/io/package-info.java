/**
 * Reading and writing tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * the format of ResVec's checkpoints and of Hugging Face / PyTorch weights: an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of UTF-8 JSON naming each tensor's dtype, shape and byte range, then the raw
 * little-endian data. Start at {@link dev.resvec.nn.io.SafeTensors}.
 */
package dev.resvec.nn.io;
