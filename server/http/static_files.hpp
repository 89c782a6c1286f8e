#pragma once
// Serves the built web UI from one directory: safe path resolution, ETags, an in-memory cache and
// gzip variants. No sockets here; the HTTP session turns a StaticResponse into a real response.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

namespace chatkit::server {

struct StaticRequest {
  std::string_view method;           // "GET" or "HEAD" (others -> 405 with Allow: GET, HEAD)
  std::string_view target;           // raw request target, e.g. "/", "/app.mjs?v=3", "/a%20b.css"
  std::string_view if_none_match;    // raw If-None-Match value; may be empty, a list or "*"
  std::string_view accept_encoding;  // raw Accept-Encoding value
};

struct StaticResponse {
  int status = 200;                   // 200, 304, or the error's status (400, 404, 405, 500)
  // Why the file is not served; the edge answers it with the server's one JSON error shape.
  std::optional<Error> error;
  std::string content_type;           // for 200/304 the file's MIME
  std::string etag;                   // strong, quoted ("\"1a2b-3c\""); set on 200 and 304
  std::string content_encoding;       // "gzip" or empty
  // "no-cache" for html and chatkit.js, "public, max-age=31536000, immutable" for content-hashed
  // names (NAME.0123abcdef.EXT), "public, max-age=3600" otherwise
  std::string cache_control;
  bool vary_accept_encoding = false;  // the file has a gzip variant: send Vary: Accept-Encoding
  std::string allow;                  // for 405: "GET, HEAD"
  // Never null. File bytes (maybe gzipped); empty for 304 and errors.
  std::shared_ptr<const std::string> body;
  bool head = false;  // the request was HEAD: send headers (Content-Length of body) but no body
};

// Answers GET/HEAD requests for files under one root directory, caching their contents.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);    // root may not exist yet: then everything is 404
  StaticResponse serve(const StaticRequest& request);  // thread-safe

  // One version of one file, with its gzip variant. Opaque; public only so the .cpp's helpers can name it.
  struct CachedFile;

 private:
  chatkit::Result<std::shared_ptr<const CachedFile>> load(const std::filesystem::path& file);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedFile>> cache_;  // by resolved path
};

// The MIME type for a path, by extension (case-insensitive); application/octet-stream if unknown.
std::string_view mime_type(std::string_view path);

}  // namespace chatkit::server
