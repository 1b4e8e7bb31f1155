package dev.podnet.daemon.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static JsonNode tree(String json) {
    return Json.read(json.replace('\'', '"'), JsonNode.class);
  }

  private static String patch(String doc, String ops) {
    return JsonPatch.apply(tree(doc), tree(ops)).toString().replace('"', '\'');
  }

  @Test
  void addReplaceRemoveMoveCopyAndTestFollowRfc6902() {
    String doc = "{'a':{'b':1},'l':[1,2]}";
    assertThat(patch(doc, "[{'op':'add','path':'/a/c','value':2}]")).isEqualTo("{'a':{'b':1,'c':2},'l':[1,2]}");
    assertThat(patch(doc, "[{'op':'add','path':'/l/1','value':9}]")).isEqualTo("{'a':{'b':1},'l':[1,9,2]}");
    assertThat(patch(doc, "[{'op':'add','path':'/l/-','value':3}]")).isEqualTo("{'a':{'b':1},'l':[1,2,3]}");
    assertThat(patch(doc, "[{'op':'replace','path':'/a/b','value':5}]")).isEqualTo("{'a':{'b':5},'l':[1,2]}");
    assertThat(patch(doc, "[{'op':'remove','path':'/l/0'}]")).isEqualTo("{'a':{'b':1},'l':[2]}");
    assertThat(patch(doc, "[{'op':'move','from':'/a/b','path':'/x'}]")).isEqualTo("{'a':{},'l':[1,2],'x':1}");
    assertThat(patch(doc, "[{'op':'copy','from':'/l','path':'/m'}]")).isEqualTo("{'a':{'b':1},'l':[1,2],'m':[1,2]}");
    assertThat(patch(doc, "[{'op':'test','path':'/a/b','value':1},{'op':'add','path':'/t','value':true}]")).contains("'t':true");
  }

  @Test
  void pointerEscapesNameSlashesAndTildes() {
    assertThat(patch("{'m':{}}", "[{'op':'add','path':'/m/app.kubernetes.io~1name','value':'x'}]")).isEqualTo("{'m':{'app.kubernetes.io/name':'x'}}");
    assertThat(patch("{'m':{}}", "[{'op':'add','path':'/m/a~0b','value':'x'}]")).isEqualTo("{'m':{'a~b':'x'}}");
  }

  @Test
  void aFailingTestFailsTheWholePatchAndLeavesTheDocumentAlone() {
    JsonNode doc = tree("{'a':1}");
    assertThatThrownBy(() -> JsonPatch.apply(doc, tree("[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':2}]")))
        .isInstanceOfSatisfying(PatchException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).contains("test operation failed").contains("/a");
        });
    assertThat(doc.toString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void onlyANonListIsMalformedEveryOperationThatCannotBeCarriedOutIsUnprocessable() {
    assertThatThrownBy(() -> JsonPatch.apply(tree("{}"), tree("{'op':'add'}"))).hasMessageContaining("must be a JSON array")
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> JsonPatch.apply(tree("{}"), tree("[{'op':'frob','path':'/a'}]"))).hasMessageContaining("unknown op \"frob\"")
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(422));
    assertThatThrownBy(() -> JsonPatch.apply(tree("{}"), tree("[{'op':'add','path':'/a'}]"))).hasMessageContaining("missing its \"value\"");
    assertThatThrownBy(() -> JsonPatch.apply(tree("{}"), tree("[{'op':'remove','path':'/nope'}]")))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(422)).hasMessageContaining("/nope");
    assertThatThrownBy(() -> JsonPatch.apply(tree("{'l':[1]}"), tree("[{'op':'replace','path':'/l/5','value':1}]")))
        .hasMessageContaining("out of bounds");
    assertThatThrownBy(() -> JsonPatch.apply(tree("{'a':{}}"), tree("[{'op':'move','from':'/a','path':'/a/b'}]")))
        .hasMessageContaining("its own child");
  }

  @Test
  void mergePatchMergesObjectsDeletesNullsAndReplacesLists() {
    JsonNode out = MergePatch.apply(tree("{'a':{'b':1,'c':2},'l':[1,2],'d':1}"), tree("{'a':{'b':null,'e':3},'l':[3],'d':null}"));
    assertThat(out.toString().replace('"', '\'')).isEqualTo("{'a':{'c':2,'e':3},'l':[3]}");
  }
}
