package dev.podnet.daemon.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import org.junit.jupiter.api.Test;

class StrategicMergeTest {
  private static final String DEPLOY = "{'metadata':{'name':'hello','labels':{'app':'hello','tier':'web'},'finalizers':['a','b']},"
      + "'spec':{'replicas':3,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},"
      + "'template':{'spec':{'containers':[{'name':'hello','image':'v1','ports':[{'containerPort':8080,'name':'http'},{'containerPort':9090}],"
      + "'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'args':['x','y']},{'name':'side','image':'s1'}],"
      + "'volumes':[{'name':'data','emptyDir':{}}]}}}}";

  private static JsonNode tree(String json) {
    return Json.read(json.replace('\'', '"'), JsonNode.class);
  }

  private static JsonNode patch(String p) {
    return StrategicMerge.apply(tree(DEPLOY), tree(p));
  }

  private static String at(JsonNode n, String pointer) {
    return n.at(pointer).toString().replace('"', '\'');
  }

  @Test
  void containersMergeByNameAndTheirPortsByContainerPort() {
    JsonNode out = patch("{'spec':{'template':{'spec':{'containers':[{'name':'hello','image':'v2','ports':[{'containerPort':9090,'name':'metrics'}]}]}}}}");
    assertThat(at(out, "/spec/template/spec/containers/0/image")).isEqualTo("'v2'");
    assertThat(at(out, "/spec/template/spec/containers/1/name")).isEqualTo("'side'");
    assertThat(at(out, "/spec/template/spec/containers/0/ports"))
        .isEqualTo("[{'containerPort':8080,'name':'http'},{'containerPort':9090,'name':'metrics'}]");
  }

  @Test
  void envMergesByNameButArgsAreReplacedWhole() {
    JsonNode out = patch("{'spec':{'template':{'spec':{'containers':[{'name':'hello','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}],'args':['z']}]}}}}");
    assertThat(at(out, "/spec/template/spec/containers/0/env")).isEqualTo("[{'name':'A','value':'1'},{'name':'B','value':'3'},{'name':'C','value':'4'}]");
    assertThat(at(out, "/spec/template/spec/containers/0/args")).isEqualTo("['z']");
  }

  @Test
  void podSpecListsAndServicePortsAndConditionsHaveTheirUpstreamKeys() {
    assertThat(MergeKeys.of("spec.containers[].volumeMounts")).isEqualTo(new ListType.ByKey("mountPath"));
    assertThat(MergeKeys.of("spec.template.spec.imagePullSecrets")).isEqualTo(new ListType.ByKey("name"));
    assertThat(MergeKeys.of("spec.template.spec.initContainers")).isEqualTo(new ListType.ByKey("name"));
    assertThat(MergeKeys.of("spec.ephemeralContainers")).isEqualTo(new ListType.ByKey("name"));
    assertThat(MergeKeys.of("spec.hostAliases")).isEqualTo(new ListType.ByKey("ip"));
    assertThat(MergeKeys.of("spec.ports")).isEqualTo(new ListType.ByKey("port", java.util.List.of("port", "protocol")));
    assertThat(MergeKeys.of("status.conditions")).isEqualTo(new ListType.ByKey("type"));
    assertThat(MergeKeys.of("metadata.ownerReferences")).isEqualTo(new ListType.ByKey("uid"));
    assertThat(MergeKeys.of("spec.tolerations")).isEqualTo(ListType.ATOMIC);
    JsonNode svc = StrategicMerge.apply(tree("{'spec':{'ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}}"),
        tree("{'spec':{'ports':[{'port':443,'targetPort':8443}]}}"));
    assertThat(at(svc, "/spec/ports")).isEqualTo("[{'port':80,'name':'http'},{'port':443,'name':'https','targetPort':8443}]");
  }

  @Test
  void nullDeletesAFieldAndPatchDeleteRemovesAnElementOrAMap() {
    JsonNode out = patch("{'metadata':{'labels':{'tier':null}},'spec':{'strategy':{'$patch':'delete'},'template':{'spec':{'containers':"
        + "[{'name':'side','$patch':'delete'},{'name':'hello','ports':[{'containerPort':9090,'$patch':'delete'}]}]}}}}");
    assertThat(at(out, "/metadata/labels")).isEqualTo("{'app':'hello'}");
    assertThat(out.path("spec").has("strategy")).isFalse();
    assertThat(out.at("/spec/template/spec/containers").size()).isEqualTo(1);
    assertThat(at(out, "/spec/template/spec/containers/0/ports")).isEqualTo("[{'containerPort':8080,'name':'http'}]");
  }

  @Test
  void patchReplaceReplacesAMapOrAList() {
    JsonNode out = patch("{'metadata':{'labels':{'$patch':'replace','only':'this'}},'spec':{'template':{'spec':{'containers':"
        + "[{'$patch':'replace'},{'name':'new','image':'n'}]}}}}");
    assertThat(at(out, "/metadata/labels")).isEqualTo("{'only':'this'}");
    assertThat(at(out, "/spec/template/spec/containers")).isEqualTo("[{'name':'new','image':'n'}]");
  }

  @Test
  void setElementOrderOrdersTheMergedList() {
    JsonNode out = patch("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'hello'}],"
        + "'containers':[{'name':'side','image':'s2'}]}}}}");
    assertThat(at(out, "/spec/template/spec/containers/0")).isEqualTo("{'name':'side','image':'s2'}");
    assertThat(at(out, "/spec/template/spec/containers/1/name")).isEqualTo("'hello'");
  }

  @Test
  void retainKeysDropsFieldsTheNewValueDoesNotName() {
    JsonNode out = patch("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
    assertThat(at(out, "/spec/strategy")).isEqualTo("{'type':'Recreate'}");
  }

  @Test
  void finalizersMergeAsASetAndDeleteFromPrimitiveListRemovesValues() {
    JsonNode out = patch("{'metadata':{'finalizers':['b','c'],'$deleteFromPrimitiveList/finalizers':['a']}}");
    assertThat(at(out, "/metadata/finalizers")).isEqualTo("['b','c']");
  }

  @Test
  void anElementWithoutItsMergeKeyOrAnUnknownDirectiveIsMalformed() {
    assertThatThrownBy(() -> patch("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("spec.template.spec.containers").hasMessageContaining("merge key \"name\"");
    assertThatThrownBy(() -> patch("{'metadata':{'$patch':'frob'}}")).hasMessageContaining("unknown $patch directive \"frob\"");
    assertThatThrownBy(() -> StrategicMerge.apply(tree("{}"), tree("[1]"))).hasMessageContaining("must be a JSON object");
  }
}
