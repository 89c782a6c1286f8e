#pragma once
// Where attachment bytes live, apart from their records (which are in the Store). Keys are opaque
// strings the attachment service makes ("u0123456789abcdef/atc_..."); a blob store only keeps bytes
// under them. Writing is streamed and all-or-nothing: a blob appears under its key only once
// commit() succeeds, so a failed or abandoned upload leaves nothing that a reader could see. The
// local-disk store is the embedded default; an S3-compatible one (multipart upload, commit = its
// completion) implements the same three classes, and no caller changes.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace chatkit::server {

// One blob being written. Destroyed without commit(), it leaves nothing behind.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  virtual Status write(std::string_view bytes) = 0;
  // Makes the bytes durable and visible under the key (replacing what was there).
  virtual Status commit() = 0;
};

// One stored blob, read from the start.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual std::size_t size() const = 0;
  // Fills `buffer` from where the last read stopped; 0 at the end.
  virtual Result<std::size_t> read(std::span<char> buffer) = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> create(const std::string& key) = 0;
  // not_found when there is no blob under the key.
  virtual Result<std::unique_ptr<BlobReader>> open(const std::string& key) = 0;
  // Removing a missing blob is not an error.
  virtual Status remove(const std::string& key) = 0;
};

// At most `max_bytes` of the blob under `key` (its beginning), for the model's input.
Result<std::string> read_blob(BlobStore& store, const std::string& key, std::size_t max_bytes);

}  // namespace chatkit::server
