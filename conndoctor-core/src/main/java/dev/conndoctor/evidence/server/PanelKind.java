package dev.conndoctor.evidence.server;

/** The hosting panels and firewall front-ends whose own port lists {@code server} reads. */
public enum PanelKind {
    /** BT Panel (宝塔面板) and its international edition aaPanel: one code base under /www/server/panel. */
    BAOTA("baota", "Baota / aaPanel"),
    /** 1Panel, whose firewall page drives firewalld or ufw. */
    ONE_PANEL("1panel", "1Panel"),
    /** ConfigServer Security &amp; Firewall with its login failure daemon (lfd), common on cPanel and DirectAdmin. */
    CSF("csf", "CSF");

    private final String id;
    private final String label;

    PanelKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The stable name in the JSON report ("baota" as before: aaPanel is the same panel). */
    public String id() {
        return id;
    }

    /** The name a person knows it by. */
    public String label() {
        return label;
    }
}
