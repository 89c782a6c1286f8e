#pragma once
// Small files of each format the attachment checks know, made byte by byte: the headers are real
// (signatures, IHDR, SOF0, VP8X, ...), the pixel data is not needed by anything under test.
#include <cstdint>
#include <string>

namespace chatkit::testing {

inline void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}
inline void put_be16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
inline void put_le16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
inline void put_le24(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xFFFF);
  out += static_cast<char>((v >> 16) & 0xFF);
}

// A PNG of `width` x `height` (signature, IHDR, an IDAT of `payload` bytes, IEND).
inline std::string png_bytes(std::uint32_t width, std::uint32_t height, std::size_t payload = 16) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  put_be32(out, 13);
  out += "IHDR";
  put_be32(out, width);
  put_be32(out, height);
  out += std::string("\x08\x02\x00\x00\x00", 5);
  put_be32(out, 0);  // CRC: not checked by anything here
  put_be32(out, static_cast<std::uint32_t>(payload));
  out += "IDAT" + std::string(payload, '\x11');
  put_be32(out, 0);
  put_be32(out, 0);
  out += "IEND";
  put_be32(out, 0);
  return out;
}

inline std::string gif_bytes(std::uint32_t width, std::uint32_t height) {
  std::string out = "GIF89a";
  put_le16(out, width);
  put_le16(out, height);
  out += std::string("\x00\x00\x00;", 4);
  return out;
}

// A JPEG whose first segment is an APP0 (JFIF), then SOF0 with the size.
inline std::string jpeg_bytes(std::uint32_t width, std::uint32_t height) {
  std::string out("\xFF\xD8\xFF\xE0", 4);
  put_be16(out, 16);
  out += std::string("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14);
  out += std::string("\xFF\xC0", 2);
  put_be16(out, 17);
  out += '\x08';
  put_be16(out, height);
  put_be16(out, width);
  out += std::string(12, '\x01');
  out += std::string("\xFF\xD9", 2);
  return out;
}

// An extended WebP (VP8X) canvas.
inline std::string webp_bytes(std::uint32_t width, std::uint32_t height) {
  std::string out = "RIFF";
  put_le24(out, 22);
  out += '\0';
  out += "WEBPVP8X";
  put_le24(out, 10);
  out += '\0';
  out += std::string(4, '\0');
  put_le24(out, width - 1);
  put_le24(out, height - 1);
  return out;
}

inline std::string pdf_bytes() { return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"; }

// The start of an ELF executable.
inline std::string elf_bytes() { return std::string("\x7F" "ELF\x02\x01\x01\x00", 8) + std::string(120, '\0'); }

}  // namespace chatkit::testing
