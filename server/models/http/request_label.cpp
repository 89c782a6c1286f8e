#include "server/models/http/request_label.hpp"

namespace chatkit::server {

std::string request_label(std::string_view method, std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const auto scheme_end = url.find("://");
  const auto authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto authority_end = url.find('/', authority_start);
  const auto at = url.substr(0, authority_end).rfind('@');
  std::string label(method);
  label += ' ';
  if (at != std::string_view::npos && at >= authority_start) {
    label += url.substr(0, authority_start);
    label += url.substr(at + 1);
  } else {
    label += url;
  }
  return label;
}

}  // namespace chatkit::server
