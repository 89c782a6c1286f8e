#pragma once
// The per-request context every store call receives (docs/PROTOCOL.md §7.4): who is asking, and in
// which locale. The store scopes every read and write by owner(): the user, or the user within one
// of several use cases served together (--use-case A,B; docs/PROTOCOL.md §1.1).
#include <string>
#include <string_view>

namespace chatkit::server {

struct RequestContext {
  // The authenticated user. Use cases key their own tables by it, whichever path they are served at.
  std::string user_id;
  std::string locale;
  // Where this client reaches the server ("http://127.0.0.1:8000", no trailing slash): the base of
  // the links the server hands out (attachment upload and preview URLs). Empty: links are paths.
  std::string base_url;
  // Whose threads, items, attachments and runs the request reaches when not the user's own: set at
  // /chatkit/NAME for every use case but the first (use_case_scope). Empty: the user's.
  std::string scope;

  const std::string& owner() const { return scope.empty() ? user_id : scope; }
};

// The owner of a user's threads at a use case served beside the first: "USER NAME". No user id holds
// a space (every authenticator refuses one, and the edge checks it again), so no scope is a user id
// or another user's scope.
inline std::string use_case_scope(std::string_view user_id, std::string_view use_case) {
  return std::string(user_id) + " " + std::string(use_case);
}

// The user an owner belongs to: the owner itself, or the user of a use case's scope.
inline std::string_view user_of_owner(std::string_view owner) { return owner.substr(0, owner.find(' ')); }

// The context of a store call made for an owner known from a record (a signed link, a run), not a request.
inline RequestContext context_of_owner(const std::string& owner) {
  RequestContext context{.user_id = std::string(user_of_owner(owner)), .locale = {}, .base_url = {}, .scope = {}};
  if (context.user_id != owner) context.scope = owner;
  return context;
}

}  // namespace chatkit::server
