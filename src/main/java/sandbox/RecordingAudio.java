package sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small but real audio files served as recording media. */
final class RecordingAudio {

    private static final byte[] WAV = wav();
    private static final byte[] MP3 = mp3();

    private RecordingAudio() {
    }

    static byte[] wavBytes() {
        return WAV.clone();
    }

    static byte[] mp3Bytes() {
        return MP3.clone();
    }

    /** Half a second of a quiet 440 Hz tone: 8 kHz, 16-bit PCM, mono. */
    private static byte[] wav() {
        int rate = 8000;
        int samples = rate / 2;
        int dataLen = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataLen).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataLen);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (2000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }

    /** Ten silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono; zero side info decodes as silence). */
    private static byte[] mp3() {
        int frameLen = 144 * 128_000 / 44_100;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int f = 0; f < 10; f++) {
            byte[] frame = new byte[frameLen];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB; // MPEG-1, Layer III, no CRC
            frame[2] = (byte) 0x90; // 128 kbit/s, 44.1 kHz, no padding
            frame[3] = (byte) 0xC0; // mono
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
