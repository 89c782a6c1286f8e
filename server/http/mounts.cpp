#include "server/http/mounts.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace chatkit::server {

std::vector<Mount> served_use_cases(const ServerParts& parts) {
  if (!parts.mounts.empty()) return parts.mounts;
  return {Mount{.name = std::string(parts.chatkit.use_case().name()), .chatkit = &parts.chatkit}};
}

Result<MountedUseCase> mounted_use_case(const Route& route, const ServerParts& parts) {
  if (route.mount.empty()) return MountedUseCase{.chatkit = parts.chatkit, .name = {}, .first = true};
  // Searched in place, on every request to /chatkit/NAME; the name is the route's view, which
  // outlives the answer. One use case is also served under its own name.
  if (parts.mounts.empty()) {
    if (route.mount == parts.chatkit.use_case().name()) {
      return MountedUseCase{.chatkit = parts.chatkit, .name = route.mount, .first = true};
    }
  } else {
    const auto found = std::find_if(parts.mounts.begin(), parts.mounts.end(),
                                    [&](const Mount& m) { return m.name == route.mount; });
    if (found != parts.mounts.end()) {
      return MountedUseCase{.chatkit = *found->chatkit, .name = route.mount, .first = found == parts.mounts.begin()};
    }
  }
  std::string names;
  for (const auto& mount : served_use_cases(parts)) names += (names.empty() ? "" : ", ") + mount.name;
  return make_error(ErrorCode::not_found,
                    "no use case '" + clip(route.mount, 64) + "' is served here (use cases: " + names + ")");
}

Status scope_to(RequestContext& context, const MountedUseCase& mounted, const ServerParts& parts) {
  if (parts.mounts.size() > 1 && context.user_id.find(' ') != std::string::npos) {
    return make_error(ErrorCode::unauthorized, "a user id may not hold a space while several use cases are served");
  }
  if (!mounted.first) context.scope = use_case_scope(context.user_id, mounted.name);
  return ok_status();
}

Reply use_cases_reply(const ServerParts& parts) {
  json list = json::array();
  for (const auto& mount : served_use_cases(parts)) list.push_back({{"name", mount.name}, {"path", "/chatkit/" + mount.name}});
  return json_reply({{"use_cases", std::move(list)}});
}

}  // namespace chatkit::server
