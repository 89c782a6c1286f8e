#pragma once
// The blob store on local disk (--attachments-dir): one file per key under the directory. A blob is
// written to "KEY.part-RANDOM" and renamed over KEY once flushed to disk, so a reader never sees half
// a file and a crash leaves at most a .part file (removed by the next start).
#include <filesystem>
#include <memory>

#include "server/attachments/blob_store.hpp"

namespace chatkit::server {

class LocalBlobStore final : public BlobStore {
 public:
  // Creates the directory when missing; removes the .part files an earlier run left.
  static Result<std::unique_ptr<LocalBlobStore>> in(const std::filesystem::path& directory);

  Result<std::unique_ptr<BlobWriter>> create(const std::string& key) override;
  Result<std::unique_ptr<BlobReader>> open(const std::string& key) override;
  Status remove(const std::string& key) override;

 private:
  explicit LocalBlobStore(std::filesystem::path directory) : directory_(std::move(directory)) {}
  // The file of a key; keys are made by the attachment service, but one that could leave the
  // directory ("..", "/", "\0") is refused all the same.
  Result<std::filesystem::path> path_of(const std::string& key) const;

  std::filesystem::path directory_;
};

}  // namespace chatkit::server
