#pragma once
// Several use cases in one server (--use-case A,B): each answers at /chatkit/NAME and the first also
// at /chatkit. They share the store, but a request sees only its own use case's threads, items,
// attachments and runs: at any use case but the first, the store's owner is the user within it
// (use_case_scope), so that to the others its threads do not exist, like another user's. The first
// keeps the bare user id: with one use case nothing changes, and its data stays where it was.
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "server/http/reply.hpp"
#include "server/http/router.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

// The use case a request reaches.
struct MountedUseCase {
  ChatKitServer& chatkit;
  std::string_view name;
  bool first = true;  // also at /chatkit; its owner is the bare user id
};

// The use cases served, in order: parts.mounts, or the one `chatkit` when it is empty.
std::vector<Mount> served_use_cases(const ServerParts& parts);

// The use case the route names (the first for a path without a name); not_found for a name not served.
Result<MountedUseCase> mounted_use_case(const Route& route, const ServerParts& parts);

// Scopes an authenticated request to its use case: the owner of what it reaches. A user id with a
// space (which no authenticator lets through) is refused while several use cases are served, so that no
// user can reach another's scope.
Status scope_to(RequestContext& context, const MountedUseCase& mounted, const ServerParts& parts);

// GET /chatkit/use-cases: {"use_cases": [{"name": "todo", "path": "/chatkit/todo"}, ...]}, the first
// (also at /chatkit) first. The standalone app offers a switch between them.
Reply use_cases_reply(const ServerParts& parts);

}  // namespace chatkit::server
