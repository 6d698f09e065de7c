package dev.conndoctor.host;

import static dev.conndoctor.host.CommandLines.REDACTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real command lines, as /proc/PID/cmdline holds them, and what a server report may say of them. */
class CommandLinesTest {

    /** {@code /proc/PID/cmdline}: every argument ends with a NUL. */
    private static String proc(String... argv) {
        return String.join("\0", argv) + "\0";
    }

    private static String shape(String... argv) {
        return CommandLines.shape(proc(argv));
    }

    @Test
    void redisRequirepassAndMasterauthValuesAreRedacted() {
        assertThat(shape("/usr/bin/redis-server", "--port", "6379", "--requirepass", "s3cr3t-pw", "--masterauth", "other"))
                .isEqualTo("redis-server --port 6379 --requirepass " + REDACTED + " --masterauth " + REDACTED)
                .doesNotContain("s3cr3t").doesNotContain("other");
    }

    @Test
    void aRedisProcessThatRewroteItsTitleKeepsItWhole() {
        assertThat(shape("redis-server *:6379")).isEqualTo("redis-server *:6379");
    }

    @Test
    void mysqldPasswordWithEqualsIsRedacted() {
        assertThat(shape("/usr/sbin/mysqld", "--user=mysql", "--password=hunter2", "--port=3306"))
                .isEqualTo("mysqld --user=mysql --password=" + REDACTED + " --port=3306");
    }

    @Test
    void mysqlShortPasswordFlagIsRedactedAttachedOrSeparateButAPortAfterItIsNot() {
        assertThat(shape("mysql", "-uroot", "-phunter2")).isEqualTo("mysql -uroot -p" + REDACTED);
        assertThat(shape("mysql", "-u", "root", "-p", "secret", "db")).isEqualTo("mysql -u root -p " + REDACTED + " db");
        assertThat(shape("redis-cli", "-p", "6379")).isEqualTo("redis-cli -p 6379");
        assertThat(shape("iperf3", "-s", "-p5201")).isEqualTo("iperf3 -s -p5201");
    }

    @Test
    void singleDashFlagsThatStartWithPAreNotMistakenForMysqlPasswords() {
        assertThat(shape("/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip", "0.0.0.0", "-host-port", "8080",
                "-container-ip", "172.17.0.2", "-container-port", "80"))
                .isEqualTo("docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2"
                        + " -container-port 80");
        assertThat(shape("mysqld", "-pletmein")).isEqualTo("mysqld -p" + REDACTED);
        assertThat(shape("some-go-server", "-pSecret9")).isEqualTo("some-go-server -p" + REDACTED);
        assertThat(shape("some-go-server", "-password", "pw")).isEqualTo("some-go-server -password " + REDACTED);
    }

    @Test
    void aJavaServiceTokenIsRedactedAndItsJarAndPortStay() {
        assertThat(shape("/usr/lib/jvm/java-17/bin/java", "-Xmx512m", "-jar", "/opt/app/app-1.2.3-SNAPSHOT.jar",
                "--server.port=8080", "--token", "tok-9f8e7d"))
                .isEqualTo("java -Xmx512m -jar /opt/app/app-1.2.3-SNAPSHOT.jar --server.port=8080 --token " + REDACTED);
    }

    @Test
    void conndoctorsOwnListenerTokenIsRedactedInBothSpellings() {
        assertThat(shape("java", "-cp", "conndoctor.jar", "dev.conndoctor.cli.Main", "listen", "websocket://0.0.0.0:8282",
                "--token", "correct-horse")).endsWith("--token " + REDACTED).doesNotContain("horse");
        assertThat(shape("conndoctor", "listen", "websocket://0.0.0.0:8282", "--token=correct-horse"))
                .isEqualTo("conndoctor listen websocket://0.0.0.0:8282 --token=" + REDACTED);
    }

    @Test
    void aSecretFlagFollowedByAnotherFlagHidesNothingOfIt() {
        assertThat(shape("conndoctor", "listen", "text://127.0.0.1:9", "--token", "--json"))
                .isEqualTo("conndoctor listen text://127.0.0.1:9 --token --json");
    }

    @Test
    void aJvmSystemPropertyHoldingAPasswordIsRedacted() {
        assertThat(shape("java", "-Dspring.datasource.password=pw1", "-Dserver.port=8080", "-jar", "app.jar"))
                .isEqualTo("java -Dspring.datasource.password=" + REDACTED + " -Dserver.port=8080 -jar app.jar");
    }

    @Test
    void nodeAndPhpCommandLinesAreKeptAsTheyAre() {
        assertThat(shape("node", "server.js")).isEqualTo("node server.js");
        assertThat(shape("php", "start.php", "start", "-d")).isEqualTo("php start.php start -d");
        assertThat(shape("WorkerMan: master process  start_file=/var/www/start.php"))
                .isEqualTo("WorkerMan: master process  start_file=/var/www/start.php");
        assertThat(shape("nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"))
                .isEqualTo("nginx: master process /usr/sbin/nginx -g daemon on; master_process on;");
        assertThat(shape("python3", "-m", "http.server", "8000", "--bind", "0.0.0.0"))
                .isEqualTo("python3 -m http.server 8000 --bind 0.0.0.0");
    }

    @Test
    void aPostgresUrlKeepsItsUserAndHostAndLosesItsPassword() {
        assertThat(shape("pgbouncer-helper", "postgres://app:pa55word@db.internal:5432/app?sslmode=require"))
                .isEqualTo("pgbouncer-helper postgres://app:" + REDACTED + "@db.internal:5432/app?sslmode=require");
        assertThat(shape("worker", "--database-url=postgresql://app:pa55word@10.0.0.5/app"))
                .doesNotContain("pa55word");
        assertThat(shape("psql", "postgres://postgres@localhost/app")).isEqualTo("psql postgres://postgres@localhost/app");
    }

    @Test
    void aPasswordInAQueryStringOrAConnectionStringIsRedacted() {
        assertThat(shape("svc", "mysql://db/app?user=app&password=pw2&ssl=true"))
                .isEqualTo("svc mysql://db/app?user=app&password=" + REDACTED + "&ssl=true");
        assertThat(shape("svc", "Server=db;Database=app;User Id=sa;Password=pw3;"))
                .doesNotContain("pw3").contains("Database=app");
    }

    @Test
    void environmentStyleWordsWithSecretNamesAreRedacted() {
        assertThat(shape("env", "TOKEN=abc", "API_KEY=def", "PORT=8080", "node", "app.js"))
                .isEqualTo("env TOKEN=" + REDACTED + " API_KEY=" + REDACTED + " PORT=8080 node app.js");
        assertThat(shape("gateway", "token=xyz")).isEqualTo("gateway token=" + REDACTED);
    }

    @Test
    void anAuthorizationHeaderGivenAsAnArgumentIsRedacted() {
        assertThat(shape("curl", "-H", "Authorization: Bearer abc.def", "http://127.0.0.1/"))
                .isEqualTo("curl -H 'Authorization: " + REDACTED + "' http://127.0.0.1/");
    }

    @Test
    void aTokenPassedAsABareWordIsRecognisedByItsLooks() {
        assertThat(shape("ngrok", "authtoken", "2bXk9Qz3LmN7pR4sT6vW8yA1cE5"))
                .isEqualTo("ngrok authtoken " + REDACTED);
        assertThat(shape("app", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_1")).isEqualTo("app " + REDACTED);
        assertThat(shape("git-daemon", "https://ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4@github.com/x/y"))
                .isEqualTo("git-daemon https://" + REDACTED + "@github.com/x/y");
    }

    @Test
    void secretFilesAreNamedNotHidden() {
        assertThat(shape("conndoctor", "listen", "http://0.0.0.0:80", "--token-file", "/run/secrets/token"))
                .isEqualTo("conndoctor listen http://0.0.0.0:80 --token-file /run/secrets/token");
        assertThat(shape("docker", "login", "--password-stdin", "registry.example")).endsWith("registry.example");
    }

    @Test
    void versionsAndFileNamesAreNotMistakenForTokens() {
        assertThat(CommandLines.looksLikeAToken("spring-boot-app-0.0.1-SNAPSHOT.jar")).isFalse();
        assertThat(CommandLines.looksLikeAToken("gateway-worker-process")).isFalse();
        assertThat(CommandLines.looksLikeAToken("0.0.0.0:8282")).isFalse();
        assertThat(CommandLines.looksLikeAToken("d41d8cd98f00b204e9800998ecf8427e")).isTrue();
    }

    @Test
    void anArgumentWithSpacesIsQuotedSoTheShapeReadsAsItsArguments() {
        assertThat(shape("nginx", "-g", "daemon off;")).isEqualTo("nginx -g 'daemon off;'");
        assertThat(CommandLines.shape(List.of("app", "", "x"))).isEqualTo("app '' x");
    }

    @Test
    void anEmptyCommandLineHasNoShape() {
        assertThat(CommandLines.shape("")).isEmpty();
        assertThat(CommandLines.shape(List.of())).isEmpty();
    }

    @Test
    void aHugeCommandLineIsCutInArgumentsAndLength() {
        List<String> argv = new ArrayList<>(List.of("app"));
        for (int i = 0; i < 1000; i++) {
            argv.add("--opt" + i);
        }
        String shape = CommandLines.shape(argv);
        assertThat(shape.length()).isLessThanOrEqualTo(CommandLines.MAX_LENGTH + 1);
        assertThat(shape).endsWith("…");
    }

    @Test
    void aLongClassPathIsCutSoThatTheArgumentsAfterItAreSeen() {
        String classPath = String.join(":", java.util.Collections.nCopies(20,
                "/root/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar"));

        String shape = shape("/usr/bin/java", "-cp", classPath, "dev.conndoctor.cli.Main", "listen",
                "text://127.0.0.1:47712", "--token", "tok-argv-SECRET");

        assertThat(shape).startsWith("java -cp /root/.m2/").contains("… dev.conndoctor.cli.Main listen text://127.0.0.1:47712")
                .endsWith("--token " + REDACTED).doesNotContain("SECRET");
    }

    @Test
    void aSecretCutInTheMiddleIsRedactedBeforeItIsCut() {
        String longSecret = "x".repeat(100);
        assertThat(shape("app", "--password=" + longSecret)).isEqualTo("app --password=" + REDACTED);
        assertThat(shape("app", "postgres://user:" + longSecret + "@db.example:5432/app"))
                .doesNotContain("xxxx");
    }

    @Test
    void aSecretFlagAtTheCutIsStillRedacted() {
        List<String> argv = new ArrayList<>(List.of("app"));
        for (int i = 0; i < 30; i++) {
            argv.add("-v");
        }
        argv.add("--password");
        argv.add("pw-at-the-end");
        assertThat(CommandLines.shape(argv)).doesNotContain("pw-at-the-end");
    }
}
