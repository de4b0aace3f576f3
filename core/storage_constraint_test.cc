// Pins MAAS's `storage` compose parameter as MAAS parses it (storage_validator and
// get_storage_constraints_from_string, reference 2.3) and as the client renders the seed's
// DiskSpecs into it.
#include "core/storage_constraint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/units.h"

namespace vmsim::core {

void PrintTo(const StorageDisk& d, std::ostream* os) {
  *os << "{label=\"" << d.label << "\", bytes=" << d.size_bytes << ", tags=[";
  for (size_t i = 0; i < d.tags.size(); ++i) *os << (i ? "," : "") << d.tags[i];
  *os << "]}";
}

namespace {

using ::testing::HasSubstr;

StorageDisk Disk(std::string label, int64_t bytes, std::vector<std::string> tags = {}) {
  return StorageDisk{std::move(label), bytes, std::move(tags)};
}

constexpr int64_t kGB = kBytesPerGB;

// --- ParseStorageConstraint: what MAAS accepts --------------------------------------------

TEST(ParseStorageConstraint, LabelsSizesAndPools) {
  auto r = ParseStorageConstraint("root:20(pool1),data:100");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r,
            (std::vector<StorageDisk>{Disk("root", 20 * kGB, {"pool1"}), Disk("data", 100 * kGB)}));
}

TEST(ParseStorageConstraint, TerraformStyle) {
  auto r = ParseStorageConstraint("disk0:15(default),disk1:20");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<StorageDisk>{Disk("disk0", 15 * kGB, {"default"}),
                                          Disk("disk1", 20 * kGB)}));
}

TEST(ParseStorageConstraint, BareSizeIsOneUnlabelledDisk) {
  auto r = ParseStorageConstraint("60");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<StorageDisk>{Disk("", 60 * kGB)}));
}

TEST(ParseStorageConstraint, SizesAreDecimalGigabytesWithFractions) {
  auto r = ParseStorageConstraint("1.5");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].size_bytes, 1'500'000'000);

  // int(float(".5") * 1000**3) and int(float("1.") * 1000**3), as Python reads them.
  auto half = ParseStorageConstraint(".5");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ((*half)[0].size_bytes, 500'000'000);
  auto one = ParseStorageConstraint("1.");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ((*one)[0].size_bytes, kGB);
}

TEST(ParseStorageConstraint, SizeIsTruncatedLikePythonInt) {
  // int(float("0.0000000015") * 1e9) == int(1.5) == 1.
  auto r = ParseStorageConstraint("0.0000000015");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].size_bytes, 1);
}

TEST(ParseStorageConstraint, MaasDefault) {
  auto r = ParseStorageConstraint(kDefaultStorageConstraint);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<StorageDisk>{Disk("root", 8 * kGB, {"local"})}));
}

TEST(ParseStorageConstraint, SeveralTagsSplitOnComma) {
  auto r = ParseStorageConstraint("root:20(a,b)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<StorageDisk>{Disk("root", 20 * kGB, {"a", "b"})}));
}

TEST(ParseStorageConstraint, TagsMayHoldAnythingButAClosingParenthesis) {
  // MAAS's tag group is [^)]+: no check that a tag names a real pool.
  auto r = ParseStorageConstraint("root:20(my pool-1_x)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].tags, (std::vector<std::string>{"my pool-1_x"}));
}

TEST(ParseStorageConstraint, FirstDiskStaysFirstRestSortedByTagCount) {
  auto r = ParseStorageConstraint("root:10,a:1,b:2(x),c:3(x,y),d:4(z)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> labels;
  for (const auto& d : *r) labels.push_back(d.label);
  // root first even with no tags; then most tags first; b before d (stable); a last.
  EXPECT_EQ(labels, (std::vector<std::string>{"root", "c", "b", "d", "a"}));
}

TEST(ParseStorageConstraint, FirstDiskIsNotMovedEvenWithFewerTags) {
  auto r = ParseStorageConstraint("1,2(a,b,c)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].size_bytes, 1 * kGB);
  EXPECT_EQ((*r)[1].size_bytes, 2 * kGB);
}

TEST(ParseStorageConstraint, SortIsStableForEqualTagCounts) {
  auto r = ParseStorageConstraint("r:1,e:5(p),d:4(p),c:3(p),b:2(p),a:1(p)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> labels;
  for (const auto& d : *r) labels.push_back(d.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"r", "e", "d", "c", "b", "a"}));
}

// --- ParseStorageConstraint: what MAAS rejects ---------------------------------------------

TEST(ParseStorageConstraint, MalformedValuesGetMaasText) {
  const std::string_view cases[] = {
      "root:20, data:100",  // space
      " 20",                // leading space
      "20 ",                // trailing space
      "root-1:20",          // label with '-'
      "root_1:20",          // label with '_'
      "root:20,",           // trailing comma
      ",root:20",           // leading comma
      "root:20,,data:1",    // empty entry
      "",                   // nothing
      "abc",                // no size
      "1.2.3",              // not a float
      ".",                  // not a float
      "root:20()",          // empty tag list
      "root:20(a",          // unclosed
      "root:",              // label without size
      "20GB",               // units are not part of the syntax
      "root:20(a)(b)",      // two tag lists
  };
  for (std::string_view value : cases) {
    auto r = ParseStorageConstraint(value);
    ASSERT_FALSE(r.ok()) << "\"" << value << "\" was accepted";
    EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration) << value;
    EXPECT_EQ(r.status().message(),
              "Malformed storage constraint, \"" + std::string(value) + "\".");
  }
}

TEST(ParseStorageConstraint, HugeSizesDoNotOverflow) {
  // Python's int() has no limit; a size beyond int64 must not wrap to a small or negative
  // number that would then fit on a pool.
  auto r = ParseStorageConstraint("99999999999999999999");
  if (r.ok()) {
    ASSERT_EQ(r->size(), 1u);
    EXPECT_GT((*r)[0].size_bytes, 1'000'000'000'000'000'000);
  } else {
    EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration);
  }
}

// --- StorageConstraintFromDisks ------------------------------------------------------------

TEST(StorageConstraintFromDisks, RootThenNumberedDisksInDecimalGB) {
  auto r = StorageConstraintFromDisks({{"20GB", "default"}, {"8GiB", ""}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "root:20(default),disk1:8.589934592");
}

TEST(StorageConstraintFromDisks, BareNumbersAreGB) {
  auto r = StorageConstraintFromDisks({{"30", ""}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "root:30");
}

TEST(StorageConstraintFromDisks, ThreeDisksWithPools) {
  auto r = StorageConstraintFromDisks({{"10GB", "ssd"}, {"1.5TB", "hdd"}, {"512MiB", "ssd"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "root:10(ssd),disk1:1500(hdd),disk2:0.536870912(ssd)");
}

TEST(StorageConstraintFromDisks, BadSizeIsStorageConfiguration) {
  auto r = StorageConstraintFromDisks({{"20GB", ""}, {"lots", ""}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration);
  EXPECT_THAT(r.status().message(), HasSubstr("disk 1"));
  EXPECT_THAT(r.status().message(), HasSubstr("\"lots\""));
}

TEST(StorageConstraintFromDisks, UnknownUnitIsStorageConfiguration) {
  auto r = StorageConstraintFromDisks({{"20XB", ""}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration);
  EXPECT_THAT(r.status().message(), HasSubstr("disk 0"));
  EXPECT_THAT(r.status().message(), HasSubstr("unknown unit"));
}

TEST(StorageConstraintFromDisks, ZeroSizeIsStorageConfiguration) {
  for (const char* size : {"0", "0GB", "0.0"}) {
    auto r = StorageConstraintFromDisks({{size, "default"}});
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration) << size;
    EXPECT_THAT(r.status().message(), HasSubstr("positive")) << size;
  }
}

TEST(StorageConstraintFromDisks, PoolThatCannotBeATagIsStorageConfiguration) {
  for (const char* pool : {"a,b", "a)b", "(a"}) {
    auto r = StorageConstraintFromDisks({{"20GB", pool}});
    ASSERT_FALSE(r.ok()) << pool;
    EXPECT_EQ(r.status().kind(), ErrorKind::kStorageConfiguration) << pool;
    EXPECT_THAT(r.status().message(), HasSubstr(std::string("\"") + pool + "\"")) << pool;
  }
}

TEST(StorageConstraintFromDisks, WhatItRendersMaasAccepts) {
  const std::vector<DiskSpec> disks = {{"20GB", "default"}, {"8GiB", ""},  {"15MiB", "fast"},
                                       {"1.5", ""},         {"7GiB", "a"}, {"100000000B", ""}};
  auto rendered = StorageConstraintFromDisks(disks);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  auto parsed = ParseStorageConstraint(*rendered);
  ASSERT_TRUE(parsed.ok()) << *rendered << ": " << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), disks.size());
  EXPECT_EQ((*parsed)[0].label, "root");
  EXPECT_EQ((*parsed)[0].tags, (std::vector<std::string>{"default"}));
}

TEST(StorageConstraintFromDisks, RoundTripKeepsEveryByte) {
  // MAAS reads each size as int(float(s) * 1e9): the rendering must survive that for sizes
  // whose exact decimal is not a double (15 MiB reads back as 15728639 from "0.01572864").
  for (int64_t mib = 1; mib <= 64 * 1024; mib += 7) {
    const std::string size = std::to_string(mib) + "MiB";
    const std::vector<DiskSpec> disks = {{size, ""}};
    auto rendered = StorageConstraintFromDisks(disks);
    ASSERT_TRUE(rendered.ok()) << size << ": " << rendered.status().ToString();
    auto parsed = ParseStorageConstraint(*rendered);
    ASSERT_TRUE(parsed.ok()) << *rendered << ": " << parsed.status().ToString();
    auto want = ParseBytes(size, BareUnit::kGB);
    ASSERT_TRUE(want.ok());
    ASSERT_EQ((*parsed)[0].size_bytes, *want) << size << " rendered as " << *rendered;
  }
}

TEST(StorageConstraintFromDisks, RoundTripOfMixedDisksKeepsOrderAndSizes) {
  // Disks without pools come after the root; parsing keeps their order only while tag counts
  // tie, so use one pool each to make the order MAAS sees the order given.
  const std::vector<DiskSpec> disks = {{"20GB", "p"},  {"8GiB", "p"}, {"1.5TB", "p"},
                                       {"15MiB", "p"}, {"3", "p"},    {"0.001", "p"}};
  auto rendered = StorageConstraintFromDisks(disks);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  auto parsed = ParseStorageConstraint(*rendered);
  ASSERT_TRUE(parsed.ok()) << *rendered << ": " << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), disks.size());
  for (size_t i = 0; i < disks.size(); ++i) {
    auto want = ParseBytes(disks[i].size, BareUnit::kGB);
    ASSERT_TRUE(want.ok()) << disks[i].size;
    EXPECT_EQ((*parsed)[i].size_bytes, *want) << disks[i].size << " in " << *rendered;
    EXPECT_EQ((*parsed)[i].label, i == 0 ? "root" : "disk" + std::to_string(i));
  }
}

}  // namespace
}  // namespace vmsim::core
