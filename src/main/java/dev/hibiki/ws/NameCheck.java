package dev.hibiki.ws;

import dev.hibiki.security.UpgradeCheck;
import java.util.List;
import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Names;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** The optional {@code name} query parameter must be a valid display name. */
@ApplicationScoped
@Priority(100)
public class NameCheck implements UpgradeCheck {

    @Override
    public Optional<Refusal> check(RoutingContext request, Admission admission) {
        List<String> names = request.queryParam("name");
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String problem = Names.problem("name", names.get(0), Names.MAX_DISPLAY_NAME);
        if (problem != null) {
            return Optional.of(new Refusal(ErrorCode.BAD_MESSAGE, problem));
        }
        if (admission.name() == null) {
            admission.name(names.get(0));
        }
        return Optional.empty();
    }
}
