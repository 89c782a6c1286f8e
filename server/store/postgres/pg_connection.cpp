#include "server/store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace chatkit::server::pg {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

//------------------------------------------------------------------------------------------------
// Rows

void Rows::Free::operator()(pg_result* result) const { PQclear(result); }
Rows::Rows(pg_result* result) : result_(result) {}
int Rows::size() const { return PQntuples(result_.get()); }
int Rows::columns() const { return PQnfields(result_.get()); }
bool Rows::is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
std::string Rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}
std::int64_t Rows::integer(int row, int column) const { return std::stoll(text(row, column)); }
std::int64_t Rows::affected() const {
  const char* count = PQcmdTuples(result_.get());
  return count[0] == '\0' ? 0 : std::stoll(count);
}

//------------------------------------------------------------------------------------------------
// Socket waits on Asio

enum class Want { read, write };

// The connection's own io_context: its socket waits never run on a server I/O thread.
struct Connection::Io {
  asio::io_context context;

  // Waits until the socket is ready for `want` or the deadline passes; false on timeout.
  bool wait(int socket, Want want, Clock::time_point deadline) {
    asio::posix::stream_descriptor descriptor(context, socket);
    asio::steady_timer timer(context, deadline);
    bool ready = false;
    const auto type = want == Want::read ? asio::posix::descriptor_base::wait_read
                                         : asio::posix::descriptor_base::wait_write;
    descriptor.async_wait(type, [&](boost::system::error_code error) {
      ready = !error;
      timer.cancel();
    });
    timer.async_wait([&](boost::system::error_code error) {
      if (!error) descriptor.cancel();
    });
    context.restart();
    context.run();
    descriptor.release();  // the socket is libpq's to close
    return ready;
  }
};

namespace {

Error database_error(std::string_view what, const char* detail) {
  std::string message = "database: " + std::string(what);
  if (detail != nullptr && detail[0] != '\0') {
    std::string text(detail);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    message += ": " + text;
  }
  return make_error(ErrorCode::internal, message);
}

// Connecting is bounded too: a server that never answers must not hold start-up forever.
constexpr std::chrono::seconds kConnectTimeout{10};

}  // namespace

//------------------------------------------------------------------------------------------------
// Connection

Connection::Connection(pg_conn* conn, std::unique_ptr<Io> io, std::chrono::milliseconds statement_timeout)
    : conn_(conn), io_(std::move(io)), statement_timeout_(statement_timeout) {}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Connection::transaction_failed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

Error Connection::failure(std::string_view what) const { return database_error(what, PQerrorMessage(conn_)); }

Result<std::unique_ptr<Connection>> Connection::connect(const ConnectionOptions& options) {
  // expand_dbname: `dbname` may be a whole URI or keyword string, handed to libpq as is.
  const char* keywords[] = {"dbname", nullptr};
  const char* values[] = {options.conninfo.c_str(), nullptr};
  pg_conn* conn = PQconnectStartParams(keywords, values, 1);
  if (conn == nullptr) return make_error(ErrorCode::internal, "database: out of memory connecting");
  auto io = std::make_unique<Io>();
  std::unique_ptr<Connection> connection(new Connection(conn, std::move(io), options.statement_timeout));
  if (PQstatus(conn) == CONNECTION_BAD) return connection->failure("cannot connect");
  const auto deadline = Clock::now() + kConnectTimeout;
  for (PostgresPollingStatusType poll = PGRES_POLLING_WRITING;;) {
    if (poll == PGRES_POLLING_OK) break;
    if (poll == PGRES_POLLING_FAILED) return connection->failure("cannot connect");
    const Want want = poll == PGRES_POLLING_READING ? Want::read : Want::write;
    if (!connection->io_->wait(PQsocket(conn), want, deadline)) {
      return make_error(ErrorCode::internal, "database: cannot connect: timed out");
    }
    poll = PQconnectPoll(conn);
  }
  if (PQsetnonblocking(conn, 1) != 0) return connection->failure("cannot switch to non-blocking");
  // The server enforces the timeout as well, so a statement stops even if this process dies.
  const auto timeout = "SET statement_timeout = " + std::to_string(options.statement_timeout.count());
  if (auto set = connection->execute_script(timeout); !set) return set.error();
  return connection;
}

Result<std::vector<std::string>> Connection::notifications(std::chrono::milliseconds within) {
  std::vector<std::string> payloads;
  auto collect = [&] {
    while (PGnotify* notify = PQnotifies(conn_)) {
      payloads.emplace_back(notify->extra);
      PQfreemem(notify);
    }
  };
  collect();
  if (!payloads.empty()) return payloads;
  if (!io_->wait(PQsocket(conn_), Want::read, Clock::now() + within)) return payloads;
  if (PQconsumeInput(conn_) == 0) return failure("lost while listening");
  collect();
  return payloads;
}

Status Connection::flush(Clock::time_point deadline) {
  for (;;) {
    const int pending = PQflush(conn_);
    if (pending == 0) return ok_status();
    if (pending < 0) return failure("cannot send");
    if (!io_->wait(PQsocket(conn_), Want::write, deadline)) return failure("sending timed out");
  }
}

Result<Rows> Connection::await_result(Clock::time_point deadline) {
  std::optional<Rows> first;
  std::optional<Error> error;
  bool cancelled = false;
  for (;;) {
    while (PQisBusy(conn_) == 0) {
      pg_result* result = PQgetResult(conn_);
      if (result == nullptr) {
        if (error) return *error;
        if (cancelled) return make_error(ErrorCode::internal, "database: statement timed out");
        if (!first) return make_error(ErrorCode::internal, "database: no result");
        return std::move(*first);
      }
      const auto status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error) {
        error = database_error("statement failed", PQresultErrorMessage(result));
      }
      if (!first) first.emplace(result);  // keeps (and frees) the first; later ones go now
      else PQclear(result);
    }
    const bool ready = io_->wait(PQsocket(conn_), Want::read, deadline);
    if (!ready && !cancelled) {
      // The server's own timeout should have fired first; this covers a server that went silent.
      if (PGcancel* cancel = PQgetCancel(conn_)) {
        char reason[256];
        PQcancel(cancel, reason, sizeof reason);
        PQfreeCancel(cancel);
      }
      cancelled = true;
      deadline = Clock::now() + std::chrono::seconds(2);
      continue;
    }
    if (!ready) return failure("statement timed out and the cancel was not answered");
    if (PQconsumeInput(conn_) == 0) return failure("connection lost");
  }
}

Result<std::string> Connection::prepared_name(std::string_view sql) {
  const std::string key(sql);
  if (auto found = prepared_.find(key); found != prepared_.end()) return found->second;
  const auto name = "s" + std::to_string(prepared_.size());
  const auto deadline = Clock::now() + statement_timeout_;
  if (PQsendPrepare(conn_, name.c_str(), key.c_str(), 0, nullptr) == 0) return failure("cannot prepare");
  if (auto sent = flush(deadline); !sent) return sent.error();
  if (auto prepared = await_result(deadline); !prepared) return prepared.error();
  prepared_.emplace(key, name);
  return name;
}

Result<Rows> Connection::execute(std::string_view sql, const Params& params) {
  auto name = prepared_name(sql);
  if (!name) return name.error();
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  const auto deadline = Clock::now() + statement_timeout_ + std::chrono::seconds(1);
  if (PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                          0) == 0) {
    return failure("cannot send");
  }
  if (auto sent = flush(deadline); !sent) return sent.error();
  return await_result(deadline);
}

Result<Rows> Connection::execute_script(std::string_view sql) {
  const std::string text(sql);
  const auto deadline = Clock::now() + statement_timeout_ + std::chrono::seconds(1);
  if (PQsendQuery(conn_, text.c_str()) == 0) return failure("cannot send");
  if (auto sent = flush(deadline); !sent) return sent.error();
  return await_result(deadline);
}

}  // namespace chatkit::server::pg
