package bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The baseline: a bare Vert.x server answering every request with one fixed TwiML document. */
public final class BareServer {

    private BareServer() {
    }

    /** args: port, file holding the TwiML document to return. Prints "READY" when listening. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Buffer doc = Buffer.buffer(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        // Camel's platform-http runs on a default Vertx too: same event loop count, same comparison
        Vertx vertx = Vertx.vertx(new VertxOptions());
        vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(ar -> req.response()
                        .putHeader("Content-Type", "application/xml")
                        .end(doc)))
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("READY");
        System.out.flush();
    }
}
