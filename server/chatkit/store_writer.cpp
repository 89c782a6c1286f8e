#include "server/chatkit/store_writer.hpp"

#include <memory>
#include <tuple>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>

#include "server/store/store.hpp"

namespace chatkit::server {

awaitable<Status> DirectWriter::write(Write& write) { co_return write(store_); }

BatchingWriter::BatchingWriter(Store& store, CommitObserver observer, StoreExecutor* executor)
    : store_(store), observer_(std::move(observer)), executor_(executor) {}

awaitable<Status> BatchingWriter::write(Write& write) {
  // The completion carries (ok, error): use_awaitable needs default-constructible results.
  std::tuple<bool, Error> outcome = co_await net::async_initiate<decltype(net::use_awaitable), void(bool, Error)>(
      [this, &write](auto handler) mutable {
        net::any_io_executor executor = net::get_associated_executor(handler);
        const void* context = &net::query(executor, net::execution::context);
        // A commit on a worker leaves the context with nothing to run: keep it from returning meanwhile.
        if (executor_ != nullptr && executor_->offloads()) {
          executor = net::prefer(executor, net::execution::outstanding_work.tracked);
        }
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        enqueue(context, executor, Job{&write, [shared, executor](Status status) {
                                         const bool ok = status.ok();
                                         Error error = ok ? Error{} : status.error();
                                         // Resumed through its own executor (its strand, if any).
                                         net::post(executor, [shared, ok, error = std::move(error)]() mutable {
                                           (*shared)(ok, std::move(error));
                                         });
                                       }});
      },
      net::use_awaitable);
  // Named locals only: GCC 12 destroys temporaries of a co_return expression twice.
  Status status = ok_status();
  if (!std::get<0>(outcome)) status = Status(std::move(std::get<1>(outcome)));
  co_return status;
}

void BatchingWriter::enqueue(const void* context, net::any_io_executor executor, Job job) {
  bool schedule = false;
  {
    std::lock_guard lock(mutex_);
    auto& queue = queues_[context];
    queue.jobs.push_back(std::move(job));
    schedule = !std::exchange(queue.commit_scheduled, true);
  }
  // Posted behind every handler that is ready now: the streams they resume queue their writes
  // into this same batch before it commits.
  if (schedule) net::post(executor, [this, context] { commit(context); });
}

void BatchingWriter::commit(const void* context) {
  std::vector<Job> batch;
  {
    std::lock_guard lock(mutex_);
    auto& queue = queues_[context];
    batch.swap(queue.jobs);
    queue.commit_scheduled = false;
  }
  if (executor_ == nullptr || !executor_->offloads()) {
    commit_batch(batch);
    return;
  }
  // The next batch of this thread may queue (and commit on another worker) meanwhile: each job
  // resumes its stream through its own executor when its batch is done.
  auto shared = std::make_shared<std::vector<Job>>(std::move(batch));
  executor_->execute([this, shared] { commit_batch(*shared); });
}

void BatchingWriter::commit_batch(const std::vector<Job>& batch) {
  std::vector<const Write*> writes;
  writes.reserve(batch.size());
  for (const auto& job : batch) writes.push_back(job.write);
  auto results = store_.write_batch(writes);
  if (observer_) observer_(writes.size());
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].complete(std::move(results[i]));
}

}  // namespace chatkit::server
