#include "server/http/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <optional>

#include "core/text.hpp"

namespace chatkit::server {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// The address as 16 bytes, IPv4 mapped (::ffff:a.b.c.d) so both families compare alike.
std::optional<Bytes> address_bytes(std::string_view text) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6()) return address.to_v6().to_bytes();
  return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes();
}

bool prefix_matches(const Bytes& a, const Bytes& b, int prefix) {
  for (int i = 0; i < prefix / 8; ++i) {
    if (a[i] != b[i]) return false;
  }
  if (prefix % 8 == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - prefix % 8));
  return (a[prefix / 8] & mask) == (b[prefix / 8] & mask);
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    const auto slash = entry.find('/');
    const auto bytes = address_bytes(entry.substr(0, slash));
    auto bad = [&](std::string why) {
      return make_error(ErrorCode::invalid_request, "--trusted-proxies: '" + std::string(entry) + "' " + why);
    };
    if (entry.empty()) return bad("is empty");
    if (!bytes) return bad("is not an IP address or CIDR");
    const bool v4 = entry.substr(0, slash).find(':') == std::string_view::npos;
    int prefix = 128;
    if (slash != std::string_view::npos) {
      const auto digits = entry.substr(slash + 1);
      int bits = -1;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (ec != std::errc{} || end != digits.data() + digits.size() || bits < 0 || bits > (v4 ? 32 : 128)) {
        return bad("has a bad prefix length");
      }
      prefix = v4 ? bits + 96 : bits;
    }
    proxies.networks_.push_back(Network{.bytes = *bytes, .prefix = prefix});
  }
  return proxies;
}

bool TrustedProxies::contains(std::string_view address) const {
  const auto bytes = address_bytes(address);
  if (!bytes) return false;
  for (const Network& network : networks_) {
    if (prefix_matches(*bytes, network.bytes, network.prefix)) return true;
  }
  return false;
}

}  // namespace chatkit::server
