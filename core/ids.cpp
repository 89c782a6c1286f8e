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
  }
  return "id";
}

namespace {

std::string hex_id(IdKind kind, std::uint64_t bits, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(id_prefix(kind));
  id += '_';
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) id += kHex[(bits >> shift) & 0xF];
  return id;
}

}  // namespace

std::string make_id(IdKind kind, std::uint32_t random_bits) { return hex_id(kind, random_bits, 8); }

std::string make_wide_id(IdKind kind, std::uint64_t random_bits) { return hex_id(kind, random_bits, 16); }

}  // namespace chatkit
