#include "server/http/jwks_fetch.hpp"

#include <curl/curl.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace chatkit::server {
namespace {

constexpr std::size_t kMaxJwksBytes = 1u << 20;

struct Download {
  std::string body;
  bool too_big = false;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto& download = *static_cast<Download*>(user);
  const std::size_t bytes = size * count;
  if (download.body.size() + bytes > kMaxJwksBytes) {
    download.too_big = true;
    return 0;  // aborts the transfer
  }
  download.body.append(data, bytes);
  return bytes;
}

Error fetch_error(const std::string& location, const std::string& problem) {
  return make_error(ErrorCode::upstream_error, "JWKS " + location + ": " + problem);
}

Result<std::string> fetch_url(const std::string& url, std::chrono::milliseconds timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fetch_error(url, "cannot start libcurl");
  Download download;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &download);
  const CURLcode code = curl_easy_perform(curl.get());
  if (download.too_big) return fetch_error(url, "the document is over 1 MiB");
  if (code != CURLE_OK) return fetch_error(url, curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) return fetch_error(url, "HTTP status " + std::to_string(status));
  return std::move(download.body);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::not_found, "cannot open the JWKS file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::internal, "cannot read the JWKS file " + path);
  if (text.str().size() > kMaxJwksBytes)
    return make_error(ErrorCode::invalid_request, "JWKS file " + path + " is over 1 MiB");
  return text.str();
}

}  // namespace

bool is_jwks_url(const std::string& location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

Result<std::string> fetch_jwks_text(const std::string& location, std::chrono::milliseconds timeout) {
  return is_jwks_url(location) ? fetch_url(location, timeout) : read_file(location);
}

}  // namespace chatkit::server
