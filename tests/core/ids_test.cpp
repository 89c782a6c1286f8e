#include "core/ids.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

TEST(Ids, UseReferencePrefixesAndEightHexDigits) {
  EXPECT_EQ(make_id(IdKind::thread, 0x1a2b3c4d), "thr_1a2b3c4d");
  EXPECT_EQ(make_id(IdKind::message, 0), "msg_00000000");
  EXPECT_EQ(make_id(IdKind::tool_call, 0xffffffff), "tc_ffffffff");
  EXPECT_EQ(make_id(IdKind::task, 1), "tsk_00000001");
  EXPECT_EQ(make_id(IdKind::workflow, 0x10), "wf_00000010");
  EXPECT_EQ(make_id(IdKind::attachment, 0xabcdef01), "atc_abcdef01");
  EXPECT_EQ(make_id(IdKind::sdk_hidden_context, 0x12345678), "shcx_12345678");
}

TEST(Ids, WideIdsHaveSixteenHexDigits) {
  EXPECT_EQ(make_wide_id(IdKind::thread, 0x0123456789abcdefULL), "thr_0123456789abcdef");
  EXPECT_EQ(make_wide_id(IdKind::message, 0), "msg_0000000000000000");
  EXPECT_EQ(make_wide_id(IdKind::sdk_hidden_context, ~0ULL), "shcx_ffffffffffffffff");
}

TEST(Ids, OrderedIdsPutTheTimeFirstSoThatLaterIdsSortLater) {
  EXPECT_EQ(make_ordered_id(IdKind::thread, 0x019abcdef012ULL, 0x0123456789abcdefULL),
            "thr_019abcdef0120123456789abcdef");
  // Only the low 48 bits of the time are kept (enough until the year 10889).
  EXPECT_EQ(make_ordered_id(IdKind::message, 0xffff000000000001ULL, 0), "msg_0000000000010000000000000000");
  const std::string earlier = make_ordered_id(IdKind::thread, 1'700'000'000'000ULL, ~0ULL);
  const std::string later = make_ordered_id(IdKind::thread, 1'700'000'000'001ULL, 0);
  EXPECT_LT(earlier, later);
}

}  // namespace
}  // namespace chatkit
