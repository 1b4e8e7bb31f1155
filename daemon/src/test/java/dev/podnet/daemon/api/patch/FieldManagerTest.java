package dev.podnet.daemon.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import org.junit.jupiter.api.Test;

class FieldManagerTest {
  private static final Manager ALICE = new Manager("alice", "apps/v1", "");
  private static final Manager BOB = new Manager("bob", "apps/v1", "");

  private static ObjectNode tree(String json) {
    return (ObjectNode) Json.read(json.replace('\'', '"'), JsonNode.class);
  }

  private static String config(String labels, String containers) {
    return "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{" + labels + "}},"
        + "'spec':{'template':{'spec':{'containers':[" + containers + "]}}}}";
  }

  private static String managed(JsonNode o, String manager) {
    for (JsonNode e : o.at("/metadata/managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e.path("operation").asText() + " " + e.path("fieldsV1").toString().replace('"', '\'');
      }
    }
    return "none";
  }

  @Test
  void applyRecordsItsFieldsInFieldsV1() {
    ObjectNode out = FieldManager.apply(null, tree(config("'a':'1'", "{'name':'c','image':'i'}")), ALICE, false);
    assertThat(managed(out, "alice")).isEqualTo("Apply {'f:metadata':{'f:labels':{'f:a':{}}},'f:spec':{'f:template':{'f:spec':{'f:containers':"
        + "{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}");
  }

  @Test
  void aFieldLeftOutOfTheNextApplyIsRemovedUnlessAnotherManagerOwnsIt() {
    ObjectNode live = FieldManager.apply(null, tree(config("'a':'1','b':'2'", "{'name':'c','image':'i'},{'name':'s','image':'j'}")), ALICE, false);
    ObjectNode bobs = FieldManager.apply(live, tree(config("'b':'2'", "")), BOB, false);
    ObjectNode out = FieldManager.apply(bobs, tree(config("", "{'name':'c','image':'i'}")), ALICE, false);
    assertThat(out.at("/metadata/labels").toString()).isEqualTo("{\"b\":\"2\"}");
    assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(1);
  }

  @Test
  void changingAnotherManagersFieldConflictsNamingThemUnlessForced() {
    ObjectNode live = FieldManager.apply(null, tree(config("'a':'1'", "{'name':'c','image':'i'}")), ALICE, false);
    ObjectNode change = tree(config("'a':'2'", "{'name':'c','image':'k'}"));
    assertThatThrownBy(() -> FieldManager.apply(live, change, BOB, false))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(409))
        .hasMessage("Apply failed with 2 conflicts: conflicts with \"alice\" using apps/v1:\n- .metadata.labels.a\n"
            + "- .spec.template.spec.containers[name=\"c\"].image");
    ObjectNode forced = FieldManager.apply(live, change, BOB, true);
    assertThat(forced.at("/metadata/labels/a").asText()).isEqualTo("2");
    assertThat(managed(forced, "alice")).isEqualTo("Apply {'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:name':{}}}}}}}");
  }

  @Test
  void applyingTheSameValueAsAnotherManagerSharesTheField() {
    ObjectNode live = FieldManager.apply(null, tree(config("'a':'1'", "")), ALICE, false);
    ObjectNode out = FieldManager.apply(live, tree(config("'a':'1'", "")), BOB, false);
    assertThat(managed(out, "alice")).contains("f:a");
    assertThat(managed(out, "bob")).contains("f:a");
  }

  @Test
  void anUpdateTakesTheFieldsItChangedAndAppliesThenConflictWithIt() {
    ObjectNode live = FieldManager.apply(null, tree(config("'a':'1'", "")), ALICE, false);
    ObjectNode edited = live.deepCopy();
    edited.withObjectProperty("metadata").withObjectProperty("labels").put("a", "9");
    edited.withObjectProperty("metadata").set("managedFields", FieldManager.update(live, edited, new Manager("kubectl-edit", "apps/v1", "")));
    assertThat(managed(edited, "kubectl-edit")).isEqualTo("Update {'f:metadata':{'f:labels':{'f:a':{}}}}");
    assertThat(managed(edited, "alice")).isEqualTo("none");
    assertThatThrownBy(() -> FieldManager.apply(edited, tree(config("'a':'1'", "")), BOB, false)).hasMessageContaining("conflict with \"kubectl-edit\"");
  }

  @Test
  void theManagerIsTheFieldManagerElseTheUserAgentsProduct() {
    assertThat(Manager.of("", "kubectl/v1.32.0 (linux/amd64) kubernetes/abc", "v1", "").name()).isEqualTo("kubectl");
    assertThat(Manager.of("kubectl-edit", "kubectl/v1.32.0", "v1", "").name()).isEqualTo("kubectl-edit");
  }

  @Test
  void applyTellsPortsApartByProtocolAsUpstreamsListMapKeysDo() {
    Manager m = new Manager("dns", "v1", "");
    ObjectNode svc = tree("{'apiVersion':'v1','kind':'Service','metadata':{'name':'dns'},'spec':{'ports':[{'port':53,'protocol':'UDP','name':'dns'},"
        + "{'port':53,'protocol':'TCP','name':'dns-tcp'},{'port':9153,'name':'metrics'}]}}");
    ObjectNode out = FieldManager.apply(null, svc, m, false);
    assertThat(out.at("/spec/ports")).hasSize(3);
    assertThat(managed(out, "dns")).contains("k:{\\'port\\':53,\\'protocol\\':\\'UDP\\'}", "k:{\\'port\\':53,\\'protocol\\':\\'TCP\\'}",
        "k:{\\'port\\':9153,\\'protocol\\':\\'TCP\\'}");
    ObjectNode again = FieldManager.apply(out, tree("{'apiVersion':'v1','kind':'Service','metadata':{'name':'dns'},'spec':{'ports':"
        + "[{'port':53,'protocol':'UDP','name':'dns'},{'port':9153,'name':'metrics','protocol':'TCP'}]}}"), m, false);
    assertThat(again.at("/spec/ports").toString()).doesNotContain("dns-tcp").contains("9153");
  }

  @Test
  void aStrategicMergePatchStillKeysPortsByNumberAlone() {
    JsonNode out = StrategicMerge.apply(tree("{'spec':{'ports':[{'port':53,'protocol':'UDP'}]}}"), tree("{'spec':{'ports':[{'port':53,'protocol':'TCP'}]}}"));
    assertThat(out.at("/spec/ports").toString()).isEqualTo("[{\"port\":53,\"protocol\":\"TCP\"}]");
  }
}
