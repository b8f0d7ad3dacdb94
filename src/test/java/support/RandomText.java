package support;

import java.util.Random;

/** Fuzz text for everything that reaches a phone. */
public final class RandomText {

    private RandomText() {
    }

    /** Random text mixing controls, markup, lone and paired surrogates, astral emoji, right-to-left and anything. */
    public static String of(Random random) {
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(24);
        for (int i = 0; i < len; i++) {
            switch (random.nextInt(9)) {
                case 0 -> sb.append((char) random.nextInt(0x20));                          // C0 controls
                case 1 -> sb.append((char) (0x7F + random.nextInt(0x21)));                  // DEL, C1 controls
                case 2 -> sb.append((char) (0xD800 + random.nextInt(0x800)));               // a lone surrogate
                case 3 -> sb.appendCodePoint(0x1F300 + random.nextInt(0x700));              // astral emoji
                case 4 -> sb.append("\u202e\u05e9\u05dc\u05d5\u05dd\u0627\u0644\u200f".charAt(random.nextInt(8)));
                case 5 -> sb.append("<>&\"']]>\r\n\t".charAt(random.nextInt(11)));
                case 6 -> sb.append(random.nextBoolean() ? '\uFFFE' : '\uFFFF');
                case 7 -> sb.append((char) random.nextInt(0x10000));                       // any UTF-16 unit
                default -> sb.appendCodePoint(random.nextInt(0x110000));                    // any code point
            }
        }
        return sb.toString();
    }
}
