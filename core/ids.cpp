#include "core/ids.hpp"

namespace chatkit {

std::string_view id_prefix(IdKind kind) {
  switch (kind) {
    case IdKind::thread: return "thr";
    case IdKind::message: return "msg";
    case IdKind::tool_call: return "tc";
    case IdKind::task: return "tsk";
    case IdKind::workflow: return "wf";
    case IdKind::attachment: return "atc";
    case IdKind::sdk_hidden_context: return "shcx";
    case IdKind::run: return "run";
  }
  return "id";
}

namespace {

void append_hex(std::string& out, std::uint64_t bits, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(bits >> shift) & 0xF];
}

std::string hex_id(IdKind kind, std::uint64_t bits, int digits) {
  std::string id(id_prefix(kind));
  id += '_';
  append_hex(id, bits, digits);
  return id;
}

}  // namespace

std::string make_id(IdKind kind, std::uint32_t random_bits) { return hex_id(kind, random_bits, 8); }

std::string make_wide_id(IdKind kind, std::uint64_t random_bits) { return hex_id(kind, random_bits, 16); }

std::string make_ordered_id(IdKind kind, std::uint64_t millis, std::uint64_t random_bits) {
  std::string id = hex_id(kind, millis, 12);
  append_hex(id, random_bits, 16);
  return id;
}

}  // namespace chatkit
