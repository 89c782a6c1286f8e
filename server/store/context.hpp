#pragma once
// The per-request context every store call receives (docs/PROTOCOL.md §7.4): who is asking, and in
// which locale. The store scopes every read and write by `user_id`.
#include <string>

namespace chatkit::server {

struct RequestContext {
  std::string user_id;
  std::string locale;
  // Where this client reaches the server ("http://127.0.0.1:8000", no trailing slash): the base of
  // the links the server hands out (attachment upload and preview URLs). Empty: links are paths.
  std::string base_url;
};

}  // namespace chatkit::server
