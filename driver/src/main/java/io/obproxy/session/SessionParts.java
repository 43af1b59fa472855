package io.obproxy.session;

import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerConnector;
import io.obproxy.route.Router;

/**
 * The parts of one logical session, each owning one kind of its state, wired once
 * ({@link #wire}): what JDBC and SQL set ({@link SessionState}), why it stays on one server
 * ({@link Pins}), statements held for the next one ({@link HeldStatements}), kill and cancel
 * ({@link KillSwitch}), where statements go ({@link SessionRouter}, with the forced route), the
 * physical sessions ({@link ServerSessions}), what a statement changed ({@link EffectRecorder}), what a
 * failure teaches the cluster ({@link FailureFeedback}) and what the application then gets
 * ({@link FailureOutcomes}). {@link LogicalSession} answers the jdbc layer from them; each
 * {@link Execution} runs its attempts on them directly.
 */
record SessionParts(RoutingSettings settings, SessionState state, Pins pins, HeldStatements held, ForcedRoute forced,
                    KillSwitch kills, SessionRouter routes, ServerSessions servers, EffectRecorder effects,
                    FailureFeedback feedback, FailureOutcomes outcomes, SessionLabel label) {

    /** @param initialDatabase the database the session starts in (the URL's), or null */
    static SessionParts wire(Deployment deployment, ServerConnector connector, Router router, String initialDatabase,
                             RoutingSettings settings) {
        SessionState state = new SessionState();
        Pins pins = new Pins();
        HeldStatements held = new HeldStatements();
        ForcedRoute forced = new ForcedRoute(deployment);
        KillSwitch kills = new KillSwitch();
        SessionLabel label = new SessionLabel();
        SessionRouter routes = new SessionRouter(deployment, router, settings, state, pins, held, forced, initialDatabase);
        ServerSessions servers = new ServerSessions(deployment, new PhysicalSessions(deployment, connector), state, pins,
                held, kills);
        return new SessionParts(settings, state, pins, held, forced, kills, routes, servers,
                new EffectRecorder(state, pins, held, routes, label), new FailureFeedback(deployment, routes),
                new FailureOutcomes(servers, pins, held, routes, label), label);
    }
}
