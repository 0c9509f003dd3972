package dev.parley.server.messaging;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.server.messaging.MessagingService.Outgoing;
import dev.parley.server.messaging.MessagingService.SendResult;
import java.util.Set;

/**
 * Object names a send may not carry, because devices and apps trust them to come from the node
 * or the app server. The names the SDK sends itself stay open to clients: {@code RC:ReadNtf}
 * (read receipt), {@code RC:SRSMsg} (own-device read sync) and {@code RC:TypSts} (typing).
 */
final class ReservedObjectNames {
    /**
     * Produced by the node alone, never by a send (client or Server API): the recall notice,
     * made only by {@link MessagingService#recall}, and the placeholder a page sends for an
     * entry it cannot carry ({@link PageEntries#PLACEHOLDER}).
     */
    static final Set<String> NODE_ONLY = Set.of(MessageContent.RECALL_NOTICE, PageEntries.PLACEHOLDER);

    /**
     * RongCloud's notification types, which apps show as facts from the app server (a group
     * change, a contact request, a profile change, an information bar, a recall command): the
     * Server API may send them, a client may not.
     */
    static final Set<String> APP_SERVER_ONLY = Set.of("RC:RcCmd", "RC:GrpNtf", "RC:ContactNtf", "RC:ProfileNtf",
            "RC:InfoNtf", "RC:CmdNtf", "RC:DizNtf");

    private ReservedObjectNames() {
    }

    /** Why {@code out} may not carry its object name, or {@code null}. */
    static SendResult check(Outgoing out) {
        String name = out.objectName();
        if (NODE_ONLY.contains(name) || (out.fromClient() && APP_SERVER_ONLY.contains(name))) {
            return SendResult.refused(ErrorCode.INVALID_PARAMETER, "objectName " + name + " is reserved: only "
                    + (NODE_ONLY.contains(name) ? "the node" : "the app server") + " sends it");
        }
        return null;
    }
}
