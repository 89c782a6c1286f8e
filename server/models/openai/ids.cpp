#include "server/models/openai/ids.hpp"

#include <cstdint>
#include <random>

#include "core/ids.hpp"

namespace chatkit::server {
namespace {

// The same recipe as the server's random_id (server/common/clock.cpp), kept here so that the
// providers do not depend on the server library that will depend on them.
std::uint64_t random_bits() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return generator();
}

std::string random_call_id() {
  const std::string wide = make_wide_id(IdKind::tool_call, random_bits());
  return "call_" + wide.substr(wide.find('_') + 1);
}

}  // namespace

IdSource random_ids() {
  return IdSource{
      .message_id = [] { return make_wide_id(IdKind::message, random_bits()); },
      .call_id = random_call_id,
  };
}

}  // namespace chatkit::server
