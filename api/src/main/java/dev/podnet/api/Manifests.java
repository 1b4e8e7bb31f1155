package dev.podnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Documents.Malformed;
import dev.podnet.api.Documents.Parsed;
import dev.podnet.api.Documents.Tree;
import dev.podnet.api.ManifestDecoder.Decoded;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code podnet apply -f FILE} reads: standard multi-document YAML or JSON, a {@code kind: List}
 * expanded into its items. All or nothing: every document is read and checked, and if any is wrong the
 * whole file is refused with all its problems, so an apply never stores half a file.
 */
public final class Manifests {
  private Manifests() {}

  /**
   * @param source the file name, or {@code -} for standard input: the start of every error line
   * @throws ManifestException with one line per problem, each naming source, document, object and reason
   */
  public static List<Manifest> read(String source, String text) {
    List<Manifest> manifests = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int document = 0;
    for (Parsed parsed : Documents.parse(text)) {
      document++;
      String where = source + ": document " + document;
      if (parsed instanceof Malformed m) {
        errors.add(where + ": " + m.reason());
      } else if (parsed instanceof Tree t && isList(t.node())) {
        items(new Manifest(source, document, 0, null), t.node(), manifests, errors);
      } else if (parsed instanceof Tree t) {
        add(new Manifest(source, document, 0, null), ManifestDecoder.decode(t.node()), manifests, errors);
      }
    }
    if (!errors.isEmpty()) {
      throw new ManifestException(source, errors);
    }
    return List.copyOf(manifests);
  }

  /** A file as {@link #read} reads text; a missing or unreadable file is a {@link ManifestException} too. */
  public static List<Manifest> readFile(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ManifestException(source + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ManifestException(source + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new ManifestException(source + ": not UTF-8 text");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "is a directory, not a manifest file" : String.valueOf(e.getMessage());
      throw new ManifestException(source + ": cannot read: " + why);
    }
    return read(source, text);
  }

  /** kubectl's {@code kind: List} (apiVersion v1): a document that carries several objects. */
  private static boolean isList(JsonNode node) {
    return node.isObject() && "List".equals(node.path("kind").asText()) && "v1".equals(node.path("apiVersion").asText());
  }

  private static void items(Manifest at, JsonNode list, List<Manifest> manifests, List<String> errors) {
    JsonNode items = list.path("items");
    if (!items.isArray()) {
      errors.add(at.location() + ": a List needs items, a list of objects");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      Manifest item = new Manifest(at.source(), at.document(), i + 1, null);
      add(item, ManifestDecoder.decode(items.get(i)), manifests, errors);
    }
  }

  private static void add(Manifest at, Decoded decoded, List<Manifest> manifests, List<String> errors) {
    String prefix = at.location() + (decoded.label().isEmpty() ? "" : " (" + decoded.label() + ")") + ": ";
    decoded.problems().forEach(p -> errors.add(prefix + p));
    if (decoded.problems().isEmpty()) {
      manifests.add(new Manifest(at.source(), at.document(), at.item(), decoded.object().orElseThrow()));
    }
  }
}
