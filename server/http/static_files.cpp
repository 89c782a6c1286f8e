#include "server/http/static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace chatkit::server {

namespace fs = std::filesystem;

struct StaticFiles::CachedFile {
  std::uintmax_t size = 0;  // as seen by stat before reading: with mtime, the version of the entry
  fs::file_time_type mtime;
  std::string content_type;
  std::string cache_control;
  std::shared_ptr<const std::string> body;
  std::string etag;
  std::shared_ptr<const std::string> gzip;  // null when not compressible or not smaller
  std::string gzip_etag;
};

namespace {

using CachedFile = StaticFiles::CachedFile;

constexpr std::size_t kMinGzipSize = 512;  // below this, gzip's header costs more than it saves
constexpr std::string_view kOctetStream = "application/octet-stream";
constexpr std::size_t kHashDigits = 10;  // of a content-hashed name

//------------------------------------------------------------------------------
// Small string helpers

// The elements of a comma-separated header value, trimmed, without empty ones.
std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> elements;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const auto element = trim(value.substr(0, comma));
    if (!element.empty()) elements.push_back(element);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
  return elements;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string to_hex(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  return out;
}

//------------------------------------------------------------------------------
// Responses

const auto kEmpty = std::make_shared<const std::string>();

// The body is written where every other error's is (server/http/reply.hpp).
StaticResponse error_response(const Error& error, bool head) {
  StaticResponse response;
  response.status = error_info(error.code).http_status;
  response.error = error;
  response.body = kEmpty;
  response.head = head;
  return response;
}

Error no_file_at(std::string_view shown) {
  return make_error(ErrorCode::not_found, "no file at " + std::string(shown));
}

StaticResponse method_not_allowed(std::string_view method) {
  auto response = error_response(make_error(ErrorCode::method_not_allowed,
                                            "method " + std::string(method) + " is not allowed here; use GET or HEAD"),
                                 false);
  response.allow = "GET, HEAD";
  return response;
}

//------------------------------------------------------------------------------
// Request target -> file

// The request target's path, decoded and split into segments.
struct RequestPath {
  std::string shown;                  // the raw path without query, for error messages
  std::vector<std::string> segments;  // decoded; no empty or "." segments
  bool trailing_slash = false;
};

Result<std::string> percent_decode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    const int high = i + 1 < raw.size() ? hex_value(raw[i + 1]) : -1;
    const int low = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
    if (high < 0 || low < 0) return make_error(ErrorCode::invalid_request, "bad percent-escape in " + std::string(raw));
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Malformed targets are 400; targets that try to climb out of the root look exactly like missing files.
Result<RequestPath> parse_target(std::string_view target) {
  const std::string_view raw = target.substr(0, target.find_first_of("?#"));
  auto decoded = percent_decode(raw);
  if (!decoded) return decoded.error();
  const std::string& path = *decoded;
  if (path.empty() || path.front() != '/') {
    return make_error(ErrorCode::invalid_request, "request target must start with '/': " + std::string(raw));
  }
  if (path.find('\0') != std::string::npos)
    return make_error(ErrorCode::invalid_request, "NUL byte in " + std::string(raw));
  if (path.find('\\') != std::string::npos) return no_file_at(raw);
  RequestPath result{.shown = std::string(raw), .trailing_slash = path.back() == '/'};
  for (std::size_t start = 1; start <= path.size();) {
    const auto end = std::min(path.find('/', start), path.size());
    const std::string_view segment = std::string_view(path).substr(start, end - start);
    if (segment == "..") return no_file_at(raw);
    if (!segment.empty() && segment != ".") result.segments.emplace_back(segment);
    start = end + 1;
  }
  return result;
}

bool is_within(const fs::path& root, const fs::path& path) {
  return std::mismatch(root.begin(), root.end(), path.begin(), path.end()).first == root.end();
}

// The regular file a request names. Symlinks are followed, but the canonical result must stay under
// the canonical root; a directory stands for its index.html.
std::optional<fs::path> resolve(const fs::path& root, const RequestPath& request) {
  std::error_code error;
  const fs::path base = fs::canonical(root, error);
  if (error) return std::nullopt;
  fs::path candidate = base;
  for (const auto& segment : request.segments) candidate /= segment;
  fs::path real = fs::canonical(candidate, error);
  if (error || !is_within(base, real)) return std::nullopt;
  if (fs::is_directory(real, error)) {
    real = fs::canonical(real / "index.html", error);
    if (error || !is_within(base, real)) return std::nullopt;
  } else if (request.trailing_slash) {
    return std::nullopt;  // "/app.mjs/" names a directory, and there is none
  }
  if (!fs::is_regular_file(real, error)) return std::nullopt;
  return real;
}

//------------------------------------------------------------------------------
// File contents: reading, hashing, compressing

std::optional<std::string> read_bytes(const fs::path& path, std::uintmax_t expected_size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  bytes.reserve(expected_size);
  char chunk[64 * 1024];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return bytes;
}

// Strong ETag from the content itself (64-bit FNV-1a plus size), so it survives restarts and copies.
std::string make_etag(std::string_view bytes, std::string_view suffix) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return "\"" + to_hex(hash) + "-" + to_hex(bytes.size()) + std::string(suffix) + "\"";
}

bool is_compressible(std::string_view content_type) {
  if (content_type.starts_with("text/")) return true;
  for (const std::string_view kind : {"javascript", "json", "wasm", "svg"}) {
    if (content_type.find(kind) != std::string_view::npos) return true;
  }
  return false;
}

// The gzip format (windowBits 15+16), level 6; nothing if zlib fails.
std::optional<std::string> gzip(std::string_view input) {
  if (input.size() > UINT_MAX / 2) return std::nullopt;  // one deflate call takes at most a uInt
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&stream, static_cast<uLong>(input.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));  // zlib never writes input
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

// "chatkit-core.0123abcdef.wasm": a name whose last part before the extension is 10 lower-case hex
// digits, as scripts/build_web.mjs names every file whose name it rewrites into its referrers.
bool is_content_hashed(std::string_view name) {
  const auto extension = name.rfind('.');
  if (extension == std::string_view::npos || extension < kHashDigits + 2) return false;
  const auto hash = name.substr(extension - kHashDigits, kHashDigits);
  if (name[extension - kHashDigits - 1] != '.') return false;
  return std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Entry points keep their names from one deploy to the next, so they are revalidated on every use
// (a new deploy is seen at once): the pages, and chatkit.js, which host pages on other sites load by
// that name. A content-hashed file never changes under its name. Anything else may be an hour old.
std::string cache_policy(std::string_view name, std::string_view content_type) {
  if (content_type.starts_with("text/html") || name == "chatkit.js") return "no-cache";
  if (is_content_hashed(name)) return "public, max-age=31536000, immutable";
  return "public, max-age=3600";
}

Result<std::shared_ptr<const CachedFile>> build_entry(const fs::path& file, std::uintmax_t size,
                                                      fs::file_time_type mtime) {
  auto bytes = read_bytes(file, size);
  if (!bytes) return make_error(ErrorCode::internal, "could not read " + file.filename().string());
  auto entry = std::make_shared<CachedFile>();
  entry->size = size;
  entry->mtime = mtime;
  entry->content_type = mime_type(file.native());
  entry->cache_control = cache_policy(file.filename().string(), entry->content_type);
  entry->etag = make_etag(*bytes, "");
  if (bytes->size() >= kMinGzipSize && is_compressible(entry->content_type)) {
    auto packed = gzip(*bytes);
    if (packed && packed->size() < bytes->size()) {
      entry->gzip_etag = make_etag(*bytes, "-gz");  // a different representation needs a different tag
      entry->gzip = std::make_shared<const std::string>(std::move(*packed));
    }
  }
  entry->body = std::make_shared<const std::string>(std::move(*bytes));
  return std::shared_ptr<const CachedFile>(std::move(entry));
}

//------------------------------------------------------------------------------
// Content negotiation and revalidation

// RFC 9110 qvalue: "0", "0.", "0.0".. "0.000" mean "not acceptable".
bool is_zero_qvalue(std::string_view value) {
  if (value.empty() || value.front() != '0') return false;
  value.remove_prefix(1);
  return value.empty() || (value.front() == '.' && value.find_first_not_of('0', 1) == std::string_view::npos);
}

struct Coding {
  std::string_view name;
  bool refused = false;  // q=0
};

Coding parse_coding(std::string_view element) {
  auto semicolon = element.find(';');
  Coding coding{.name = trim(element.substr(0, semicolon))};
  while (semicolon != std::string_view::npos) {
    element.remove_prefix(semicolon + 1);
    semicolon = element.find(';');
    const auto parameter = trim(element.substr(0, semicolon));
    if (parameter.size() >= 2 && ascii_lower(parameter[0]) == 'q' && parameter[1] == '=') {
      coding.refused = is_zero_qvalue(trim(parameter.substr(2)));
    }
  }
  return coding;
}

// An explicit gzip entry decides; otherwise "*" does; otherwise gzip is not accepted.
bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<bool> gzip_entry;
  std::optional<bool> any_entry;
  for (const auto element : split_list(accept_encoding)) {
    const Coding coding = parse_coding(element);
    if (iequals(coding.name, "gzip") || iequals(coding.name, "x-gzip")) gzip_entry = !coding.refused;
    if (coding.name == "*") any_entry = !coding.refused;
  }
  return gzip_entry.value_or(any_entry.value_or(false));
}

// If-None-Match uses the weak comparison, so a W/ prefix from an intermediary still matches.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  for (auto tag : split_list(if_none_match)) {
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

StaticResponse file_response(const CachedFile& file, const StaticRequest& request, bool head) {
  const bool send_gzip = file.gzip != nullptr && accepts_gzip(request.accept_encoding);
  StaticResponse response;
  response.content_type = file.content_type;
  response.cache_control = file.cache_control;
  response.vary_accept_encoding = file.gzip != nullptr;
  response.etag = send_gzip ? file.gzip_etag : file.etag;
  response.content_encoding = send_gzip ? "gzip" : "";
  response.head = head;
  if (etag_matches(request.if_none_match, response.etag)) {
    response.status = 304;
    response.body = kEmpty;
    return response;
  }
  response.body = send_gzip ? file.gzip : file.body;
  return response;
}

}  // namespace

//------------------------------------------------------------------------------

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

StaticResponse StaticFiles::serve(const StaticRequest& request) {
  const bool head = request.method == "HEAD";
  if (!head && request.method != "GET") return method_not_allowed(request.method);
  const auto path = parse_target(request.target);
  if (!path) return error_response(path.error(), head);
  const auto file = resolve(root_, *path);
  if (!file) return error_response(no_file_at(path->shown), head);
  const auto entry = load(*file);
  if (!entry) return error_response(entry.error(), head);
  return file_response(**entry, request, head);
}

// Revalidates by (size, mtime) on every request so edits on disk are seen; reads happen outside the lock.
Result<std::shared_ptr<const StaticFiles::CachedFile>> StaticFiles::load(const fs::path& file) {
  std::error_code size_error;
  std::error_code time_error;
  const auto size = fs::file_size(file, size_error);
  const auto mtime = fs::last_write_time(file, time_error);
  if (size_error || time_error) return make_error(ErrorCode::internal, "could not stat " + file.filename().string());
  {
    const std::lock_guard lock(mutex_);
    const auto found = cache_.find(file.native());
    if (found != cache_.end() && found->second->size == size && found->second->mtime == mtime) return found->second;
  }
  auto fresh = build_entry(file, size, mtime);
  if (!fresh) return fresh.error();
  const std::lock_guard lock(mutex_);
  cache_[file.native()] = *fresh;
  return fresh;
}

std::string_view mime_type(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"},
      {"ts", "application/typescript"},
  };
  const auto name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0: the whole path
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return kOctetStream;
  const auto extension = name.substr(dot + 1);
  for (const auto& [known, type] : kTypes) {
    if (iequals(extension, known)) return type;
  }
  return kOctetStream;
}

}  // namespace chatkit::server
