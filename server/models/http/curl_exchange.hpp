#pragma once
// CurlExchange: the caller's side of one transfer run by a CurlWorker. Awaiting head() or next()
// reads the TransferState; when that await is cancelled (Asio per-operation cancellation), the
// transfer is aborted. Destroying the exchange aborts the transfer too.
#include <cstdint>
#include <memory>

#include "server/models/http/curl_worker.hpp"
#include "server/models/http/http_client.hpp"
#include "server/models/http/transfer_state.hpp"

namespace chatkit::server {

class CurlExchange final : public HttpExchange {
 public:
  CurlExchange(std::shared_ptr<CurlWorker> worker, std::uint64_t id, std::shared_ptr<TransferState> state);
  ~CurlExchange() override;
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  awaitable<HttpResponseHead> head() override;
  awaitable<std::optional<std::string>> next() override;

 private:
  // A cancelled await ends the transfer, and every later await fails at once.
  void on_wait_failed(const boost::system::system_error& error);
  void throw_if_aborted() const;

  std::shared_ptr<CurlWorker> worker_;
  std::uint64_t id_;
  std::shared_ptr<TransferState> state_;
  bool aborted_ = false;
};

}  // namespace chatkit::server
