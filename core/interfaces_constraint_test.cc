// Pins MAAS's `interfaces` compose parameter: the parser's error texts exactly as MAAS words
// them (reference 2.4), and the client's mapping of the seed's network config onto it.
#include "core/interfaces_constraint.h"

#include <gtest/gtest.h>

namespace vmsim::core {
namespace {

std::string ErrorOf(std::string_view value) {
  auto r = ParseInterfacesConstraint(value);
  EXPECT_FALSE(r.ok()) << value;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
  return r.status().message();
}

TEST(ParseInterfacesConstraint, LabelsAndKeysInOrder) {
  auto r = ParseInterfacesConstraint("eth0:space=storage,not_vid=5;eth1:subnet=10.0.0.0/24");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].label, "eth0");
  EXPECT_EQ((*r)[0].keys, (std::vector<std::pair<std::string, std::string>>{{"space", "storage"},
                                                                            {"not_vid", "5"}}));
  EXPECT_EQ((*r)[1].label, "eth1");
  EXPECT_EQ(RenderInterfacesConstraint(*r), "eth0:space=storage,not_vid=5;eth1:subnet=10.0.0.0/24");
}

TEST(ParseInterfacesConstraint, MissingLabelIsMalformedWithMaasText) {
  EXPECT_EQ(ErrorOf("name=eth0,ip=10.0.0.5"),
            "Malformed constraint: 'name=eth0,ip=10.0.0.5' (required format: "
            "'<label>:<key>=<value>[,<key2>=<value2>[,...]]')");
  // Each ';' segment is checked on its own.
  EXPECT_EQ(ErrorOf("eth0:space=a;fabric=b"),
            "Malformed constraint: 'fabric=b' (required format: "
            "'<label>:<key>=<value>[,<key2>=<value2>[,...]]')");
}

// MAAS: provisioningserver/utils/constraints.py parse_labeled_constraint_map and
// validate_constraint_label_name, texts as MAAS words them.
TEST(ParseInterfacesConstraint, KeyWithoutValueEmptyListRepeatedAndBadLabelsHaveMaasTexts) {
  EXPECT_EQ(ErrorOf("eth0:space"), "Malformed key/value pair in constraint: 'space'");
  EXPECT_EQ(ErrorOf("eth0:"), "Malformed key/value pair in constraint: ''");
  EXPECT_EQ(ErrorOf("a:space=x;a:vid=1"), "Constraint label defined more than once: 'a'");
  EXPECT_EQ(ErrorOf("-a:space=x"),
            "Invalid label name: '-a' (Must begin with an alphanumeric character, and include only "
            "alphanumeric characters, dashes, and underscores.)");
  EXPECT_EQ(ErrorOf(":space=x").rfind("Invalid label name: ''", 0), 0u);
  EXPECT_EQ(ErrorOf("a:space=x;").rfind("Malformed constraint: '' ", 0), 0u);
}

TEST(ParseInterfacesConstraint, AValueOfOneCharacterIsNoConstraint) {
  EXPECT_TRUE(ParseInterfacesConstraint("x").value().empty());
  EXPECT_TRUE(ParseInterfacesConstraint("\xc3\xa9").value().empty());  // one code point
  EXPECT_FALSE(ParseInterfacesConstraint("xy").ok());
}

TEST(ParseInterfacesConstraint, UnknownKeyHasMaasTextWithoutTheClosingQuote) {
  EXPECT_EQ(ErrorOf("eth0:bridge=br0"), "Unknown interfaces constraint: 'bridge");
  EXPECT_EQ(ErrorOf("eth0:space=a,gateway=10.0.0.1"), "Unknown interfaces constraint: 'gateway");
}

TEST(ParseInterfacesConstraint, EveryMaasKeyAndItsNegationIsKnown) {
  for (const char* key : {"id", "fabric", "fabric_class", "ip", "mode", "name", "hostname",
                          "subnet", "space", "subnet_cidr", "type", "vlan", "vid", "tag"}) {
    EXPECT_TRUE(IsInterfacesConstraintKey(key)) << key;
    EXPECT_TRUE(IsInterfacesConstraintKey(std::string("not_") + key)) << key;
    EXPECT_TRUE(ParseInterfacesConstraint(std::string("eth0:") + key + "=x").ok()) << key;
  }
  EXPECT_FALSE(IsInterfacesConstraintKey("not_"));
  EXPECT_FALSE(IsInterfacesConstraintKey("mac_address"));
}

InterfaceConfig Nic() {
  InterfaceConfig nic;
  nic.name = "eth0";
  return nic;
}

TEST(InterfacesConstraintFromNetworkConfig, BridgeIpAndSubnetBecomeMaasKeys) {
  InterfaceConfig nic = Nic();
  nic.bridge = "br-storage";
  nic.ip_config = StaticIPParams{"10.20.0.7", "", "10.20.0.0/24", {}};
  auto r = InterfacesConstraintFromNetworkConfig({{nic}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "eth0:name=br-storage,ip=10.20.0.7,subnet=10.20.0.0/24");
  EXPECT_TRUE(ParseInterfacesConstraint(*r).ok());  // what it renders, MAAS accepts
}

TEST(InterfacesConstraintFromNetworkConfig,
     WhatMaasCannotTakeOnComposeIsInvalidRequestNamingTheField) {
  const auto refused = [](const InterfaceConfig& nic) {
    auto r = InterfacesConstraintFromNetworkConfig({{Nic(), nic}});
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalidRequest);
    EXPECT_FALSE(IsRetryable(r.status().kind()));
    return r.status().message();
  };
  InterfaceConfig mac = Nic();
  mac.mac_address = "00:16:3e:00:00:01";
  EXPECT_EQ(refused(mac).rfind("network_config.interfaces[1].mac_address: ", 0), 0u);
  InterfaceConfig gateway = Nic();
  gateway.ip_config = StaticIPParams{"10.0.0.5", "10.0.0.1", "", {}};
  EXPECT_EQ(refused(gateway).rfind("network_config.interfaces[1].ip_config.gateway: ", 0), 0u);
  InterfaceConfig dns = Nic();
  dns.ip_config = StaticIPParams{"10.0.0.5", "", "", {"10.0.0.2"}};
  EXPECT_EQ(refused(dns).rfind("network_config.interfaces[1].ip_config.dns_servers: ", 0), 0u);
  InterfaceConfig comma = Nic();
  comma.bridge = "br0,br1";
  EXPECT_EQ(refused(comma).rfind("network_config.interfaces[1].bridge: ", 0), 0u);
}

TEST(InterfacesConstraintFromNetworkConfig, NicWithoutConstraintsIsLeftToMaasDefault) {
  auto r = InterfacesConstraintFromNetworkConfig({{Nic()}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "");
}

}  // namespace
}  // namespace vmsim::core
