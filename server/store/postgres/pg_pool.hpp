#pragma once
// A fixed number of connections shared by the store's callers: a caller waits while all are in
// use; a connection the server dropped is replaced, reconnecting with exponential backoff.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "server/store/postgres/pg_connection.hpp"

namespace chatkit::server::pg {

class Pool {
 public:
  Pool(ConnectionOptions options, int size);

  // A connection for one caller at a time, given back when the lease goes.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection) : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Connection> connection);
  Result<std::unique_ptr<Connection>> connect_with_backoff();

  ConnectionOptions options_;
  int size_;
  std::mutex mutex_;
  std::condition_variable available_;
  int open_ = 0;  // connections in use or idle
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace chatkit::server::pg
