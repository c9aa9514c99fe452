package dev.hibiki.text.api;

import dev.hibiki.api.BodyLimit;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.text.TextChange;
import dev.hibiki.text.TextService;
import dev.hibiki.text.TextSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared text over HTTP. The revision doubles as the entity tag, so a client can read with GET
 * and write back with {@code If-Match} without overwriting a change it has not seen.
 */
@Path("/api/text/{doc}")
@Produces(MediaType.APPLICATION_JSON)
public class TextResource {

    /** {@code "12"}, {@code 12} or {@code W/"12"}. */
    private static final Pattern REV_TAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    /** Body of {@code PUT}: the whole new text. */
    @RegisterForReflection
    public record TextBody(String text) {
    }

    private final TextService text;

    public TextResource(TextService text) {
        this.text = text;
    }

    @GET
    public CompletionStage<Response> get(@PathParam("doc") String doc) {
        return text.snapshot(doc).thenApply(s -> Response.ok(s).tag(Long.toString(s.rev())).build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking // in local mode the change is journalled (hibiki.persistence) before the answer
    public CompletionStage<Response> put(@PathParam("doc") String doc, @HeaderParam("If-Match") String ifMatch,
            @BodyLimit.Document TextBody body) {
        if (body == null || body.text() == null) {
            throw new HubException(ErrorCode.BAD_MESSAGE, "body must be {\"text\": \"...\"}");
        }
        OptionalLong expected = expectedRev(ifMatch);
        CompletionStage<TextChange> change;
        try {
            change = text.replace(doc, body.text(), expected);
        } catch (HubException e) {
            throw preconditionFailed(e, expected);
        }
        // A whole-text replacement leaves exactly the body's text at the revision it made.
        return change.handle((c, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw cause instanceof HubException e ? preconditionFailed(e, expected)
                        : cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            return Response.ok(new TextSnapshot(doc, c.rev(), body.text())).tag(Long.toString(c.rev())).build();
        });
    }

    /** A failed If-Match is 412 by HTTP's rules. */
    private static HubException preconditionFailed(HubException e, OptionalLong expected) {
        if (expected.isPresent() && e.code() == ErrorCode.CONFLICT) {
            return new HubException(ErrorCode.PRECONDITION_FAILED, e.getMessage());
        }
        return e;
    }

    private static OptionalLong expectedRev(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher m = REV_TAG.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw new HubException(ErrorCode.BAD_MESSAGE,
                    "If-Match must be a revision like \"12\", got " + ifMatch);
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }
}
