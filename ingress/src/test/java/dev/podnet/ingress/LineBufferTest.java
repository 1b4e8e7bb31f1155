package dev.podnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineBufferTest {
  @Test
  void numbersAndLatin1TextComeOutAsTheBytesTheyWere() throws Exception {
    LineBuffer b = new LineBuffer(4); // grows past its first capacity
    b.append(0L).append(' ').append(9L).append(' ').append(10L).append(' ').append(1234567890123L).append(' ').append(-42L)
        .append(' ').append(Long.MIN_VALUE).append(' ').append("caf\u00e9/\u00ff");
    assertThat(b.toString()).isEqualTo("0 9 10 1234567890123 -42 -9223372036854775808 caf\u00e9/\u00ff");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = b.size();
    b.writeTo(out);
    assertThat(out.size()).isEqualTo(size);
    assertThat(out.toString(StandardCharsets.ISO_8859_1)).endsWith("caf\u00e9/\u00ff");
    assertThat(b.size()).as("written out and emptied").isZero();
  }
}
