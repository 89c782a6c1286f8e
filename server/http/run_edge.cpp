#include "server/http/run_edge.hpp"

#include <charconv>

#include <boost/asio/steady_timer.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/text.hpp"
#include "server/http/auth_request.hpp"
#include "server/http/mounts.hpp"

namespace chatkit::server {

namespace {

using namespace boost::asio::experimental::awaitable_operators;

// How long POST …/cancel waits for the run to stop before it answers "cancelling".
constexpr auto kCancelWait = std::chrono::seconds(5);

template <class Name>
std::string_view header(const HttpRequest& request, Name name) {
  const auto found = request.find(name);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

Result<std::size_t> parse_seq(std::string_view text, std::string_view what) {
  std::size_t seq = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, seq);
  if (text.empty() || text.size() > 12 || ec != std::errc{} || ptr != end) {
    return make_error(ErrorCode::invalid_request, std::string(what) + " '" + clip(text, 40) + "' is not an event number");
  }
  return seq;
}

// Waits until the run has ended, or this wait is cancelled. (With the co_await inside the loop's
// condition, GCC 12 built a coroutine that died of SIGILL under the sanitizers.)
awaitable<void> wait_for_end(Run& run) {
  const auto state = co_await net::this_coro::cancellation_state;
  while (!run.ended() && state.cancelled() == net::cancellation_type::none) {
    const RunFrames ignored = co_await run.read_after(run.last_seq());
    static_cast<void>(ignored);
  }
}

awaitable<void> sleep_for(std::chrono::milliseconds limit) {
  net::steady_timer timer(co_await net::this_coro::executor, limit);
  co_await timer.async_wait(net::as_tuple(net::use_awaitable));
}

json cancel_body(const Run& run) {
  const auto status = !run.ended() ? "cancelling" : run.summary().cancelled ? "cancelled" : "ended";
  return {{"id", run.identity().id}, {"status", status}};
}

DeferredReply cancel_answer(std::shared_ptr<Run> run, HeaderList cors) {
  return DeferredReply{[run = std::move(run), cors = std::move(cors)]() -> awaitable<Reply> {
    run->cancel();
    co_await (wait_for_end(*run) || sleep_for(kCancelWait));
    auto reply = json_reply(cancel_body(*run), run->ended() ? 200 : 202);
    reply.headers = cors;
    co_return reply;
  }};
}

// Another instance's run (PROTOCOL §4.7): asks its owner, through the ledger, to stop it, and
// waits until the ledger says it stopped.
DeferredReply remote_cancel_answer(ServerParts& parts, std::string run_id, std::string user_id, HeaderList cors,
                                   Exchange& exchange) {
  return DeferredReply{[&parts, &exchange, run_id = std::move(run_id), user_id = std::move(user_id),
                        cors = std::move(cors)]() -> awaitable<Reply> {
    auto& shared = *parts.runs.shared();
    auto find = [&] { return shared.ledger.find(run_id, user_id); };
    auto row = co_await shared.executor.run(find);
    if (!row || !*row) {
      co_return api_error(row ? no_such_run(run_id) : row.error(), cors, exchange);
    }
    auto ask = [&] { return shared.ledger.request_cancel(run_id); };
    if ((*row)->state == RunState::running) {
      if (auto asked = co_await shared.executor.run(ask); !asked) co_return api_error(asked.error(), cors, exchange);
    }
    net::steady_timer pause(co_await net::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + kCancelWait;
    while (row && *row && (*row)->state == RunState::running && std::chrono::steady_clock::now() < deadline) {
      pause.expires_after(std::chrono::milliseconds(20));
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      row = co_await shared.executor.run(find);
    }
    const RunState state = row && *row ? (*row)->state : RunState::running;
    const char* status = state == RunState::running ? "cancelling" : state == RunState::cancelled ? "cancelled" : "ended";
    auto reply = json_reply({{"id", run_id}, {"status", status}}, state == RunState::running ? 202 : 200);
    reply.headers = cors;
    co_return reply;
  }};
}

}  // namespace

Result<std::size_t> resume_position(std::string_view run_id, std::string_view last_event_id, std::string_view query) {
  if (!last_event_id.empty()) {
    const auto colon = last_event_id.rfind(':');
    if (colon == std::string_view::npos || last_event_id.substr(0, colon) != run_id) {
      return make_error(ErrorCode::invalid_request,
                        "Last-Event-ID '" + clip(last_event_id, 80) + "' is not an event of run " + std::string(run_id));
    }
    return parse_seq(last_event_id.substr(colon + 1), "Last-Event-ID");
  }
  if (auto after = query_value(query, "after")) return parse_seq(*after, "after");
  return std::size_t{0};
}

EdgeAnswer run_answer(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange) {
  const bool events = route.kind == RouteKind::run_events;
  exchange.request_type = events ? "runs.events" : "runs.cancel";
  auto cors = cors_headers(request, parts.cors);
  if (foreign_origin(request, parts.cors)) {
    return api_error(make_error(ErrorCode::forbidden, "requests from origin '" +
                                                          clip(header(request, http::field::origin), 80) +
                                                          "' are not allowed (see --cors-origins)"),
                     cors, exchange);
  }
  auto context = parts.auth.authenticate(auth_request_of(request, exchange, parts.auth));
  if (!context) return api_error(context.error(), cors, exchange);
  exchange.user_id = context->user_id;
  // A run is found only for its owner: at another use case's path, another use case's run does not exist.
  auto mounted = mounted_use_case(route, parts);
  if (!mounted) return api_error(mounted.error(), cors, exchange);
  if (auto scoped = scope_to(*context, *mounted, parts); !scoped) return api_error(scoped.error(), cors, exchange);
  const std::string owner = context->owner();
  auto after = resume_position(route.attachment_id, header(request, std::string_view("Last-Event-ID")), target_query(request.target()));
  if (events && !after) return api_error(after.error(), cors, exchange);
  auto run = parts.runs.find(std::string(route.attachment_id), owner);
  if (!run && parts.runs.shared()) {
    // Not one of ours: perhaps another instance's (or ours, forgotten since it ended).
    if (!events) return remote_cancel_answer(parts, std::string(route.attachment_id), owner, std::move(cors), exchange);
    return RemoteRunFollow{.run_id = std::string(route.attachment_id), .user_id = owner, .after = *after,
                           .cors = std::move(cors)};
  }
  if (!run) return api_error(run.error(), cors, exchange);
  if (!events) return cancel_answer(std::move(*run), std::move(cors));
  if (*after > (*run)->last_seq()) {
    return api_error(make_error(ErrorCode::invalid_request, "event " + std::to_string(*after) + " of run " +
                                                                (*run)->identity().id + " was never sent (it has sent " +
                                                                std::to_string((*run)->last_seq()) + ")"),
                     cors, exchange);
  }
  return RunFollow{.run = std::move(*run), .after = *after, .cors = std::move(cors)};
}

}  // namespace chatkit::server
