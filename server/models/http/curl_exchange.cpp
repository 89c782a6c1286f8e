#include "server/models/http/curl_exchange.hpp"

#include <utility>

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

namespace chatkit::server {

CurlExchange::CurlExchange(std::shared_ptr<CurlWorker> worker, std::uint64_t id, std::shared_ptr<TransferState> state)
    : worker_(std::move(worker)), id_(id), state_(std::move(state)) {}

CurlExchange::~CurlExchange() { worker_->abort(id_); }

awaitable<HttpResponseHead> CurlExchange::head() {
  throw_if_aborted();
  try {
    HttpResponseHead head = co_await state_->head();
    co_return head;
  } catch (const boost::system::system_error& error) {
    on_wait_failed(error);
    throw;
  }
}

awaitable<std::optional<std::string>> CurlExchange::next() {
  throw_if_aborted();
  try {
    std::optional<std::string> bytes = co_await state_->next();
    co_return bytes;
  } catch (const boost::system::system_error& error) {
    on_wait_failed(error);
    throw;
  }
}

void CurlExchange::on_wait_failed(const boost::system::system_error& error) {
  if (error.code() != net::error::operation_aborted) return;
  aborted_ = true;
  worker_->abort(id_);
}

void CurlExchange::throw_if_aborted() const {
  if (aborted_) throw boost::system::system_error(net::error::operation_aborted);
}

}  // namespace chatkit::server
