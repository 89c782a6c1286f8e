#include "server/runs/run.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

namespace chatkit::server {

Run::Run(RunIdentity identity, net::any_io_executor executor, std::chrono::milliseconds detach_grace)
    : identity_(std::move(identity)), executor_(std::move(executor)), detach_grace_(detach_grace) {}

void Run::append(std::string_view frame) {
  std::lock_guard lock(mutex_);
  offsets_.push_back(log_.size());
  log_.append("id: ").append(identity_.id).append(":").append(std::to_string(offsets_.size())).append("\n");
  log_.append(frame);
  if (holds_ == 0) wake_readers();
}

void Run::hold() {
  std::lock_guard lock(mutex_);
  ++holds_;
}

void Run::release() {
  std::lock_guard lock(mutex_);
  if (--holds_ == 0) wake_readers();
}

void Run::end(const StreamSummary& summary) {
  std::lock_guard lock(mutex_);
  ended_ = true;
  summary_ = summary;
  wake_readers();
}

std::optional<RunChunk> Run::unshared() const {
  std::lock_guard lock(mutex_);
  if (shared_ >= offsets_.size()) return std::nullopt;
  return RunChunk{.first_seq = static_cast<std::int64_t>(shared_ + 1),
                  .last_seq = static_cast<std::int64_t>(offsets_.size()),
                  .frames = log_.substr(offsets_[shared_])};
}

void Run::mark_shared(std::int64_t last_seq) {
  std::lock_guard lock(mutex_);
  shared_ = std::max(shared_, static_cast<std::size_t>(last_seq));
}

StreamSummary Run::summary() const {
  std::lock_guard lock(mutex_);
  return summary_;
}

std::size_t Run::last_seq() const {
  std::lock_guard lock(mutex_);
  return offsets_.size();
}

bool Run::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

void Run::cancel() {
  {
    std::lock_guard lock(mutex_);
    if (ended_ || cancel_requested_) return;
    cancel_requested_ = true;
  }
  // The signal belongs to the run's coroutine, which runs on executor_.
  net::post(executor_, [self = shared_from_this()] {
    if (!self->ended()) self->cancel_signal_.emit(net::cancellation_type::terminal);
  });
}

RunFrames Run::frames_after(std::size_t after) const {
  RunFrames frames;
  frames.ended = ended_;
  frames.last_seq = std::max(after, offsets_.size());
  if (after < offsets_.size()) frames.bytes.assign(log_, offsets_[after]);
  return frames;
}

void Run::wake_readers() {
  for (auto& waiter : waiters_) {
    // Posted to the reader's own executor: a timer is not thread-safe.
    net::post(waiter->get_executor(), [waiter] { waiter->cancel(); });
  }
  waiters_.clear();
}

awaitable<RunFrames> Run::read_after(std::size_t after) {
  Waiter waiter;
  {
    std::lock_guard lock(mutex_);
    if (after < offsets_.size() || ended_) co_return frames_after(after);
    waiter = std::make_shared<net::steady_timer>(co_await net::this_coro::executor,
                                                 net::steady_timer::time_point::max());
    waiters_.push_back(waiter);
  }
  co_await waiter->async_wait(net::as_tuple(net::use_awaitable));
  std::lock_guard lock(mutex_);
  std::erase(waiters_, waiter);  // still there when the reader was cancelled rather than woken
  co_return frames_after(after);
}

void Run::attach() {
  std::lock_guard lock(mutex_);
  ++readers_;
  ++detach_generation_;
}

void Run::detach() {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (--readers_ > 0 || ended_) return;
    generation = ++detach_generation_;
  }
  if (detach_grace_.count() <= 0) {
    cancel();
    return;
  }
  net::post(executor_, [self = shared_from_this(), generation] { self->start_grace(generation); });
}

void Run::followed_elsewhere() {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (readers_ > 0 || ended_ || detach_grace_.count() <= 0) return;
    generation = ++detach_generation_;
  }
  net::post(executor_, [self = shared_from_this(), generation] { self->start_grace(generation); });
}

// On the run's executor: cancels the run when the grace is over and no reader came back meanwhile.
void Run::start_grace(std::uint64_t generation) {
  auto timer = std::make_shared<net::steady_timer>(executor_, detach_grace_);
  timer->async_wait([self = shared_from_this(), timer, generation](const boost::system::error_code&) {
    {
      std::lock_guard lock(self->mutex_);
      if (self->readers_ > 0 || self->detach_generation_ != generation) return;
    }
    self->cancel();
  });
}

}  // namespace chatkit::server
