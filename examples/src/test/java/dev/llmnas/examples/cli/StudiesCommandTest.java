package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.data.DataPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StudiesCommandTest {
    private static final String DATA = dev.llmnas.examples.PaperDefaults.dataFolder().toString();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LlmnasCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String db() {
        return "jdbc:sqlite:" + tmp.resolve("studies.db");
    }

    private Run createStudy(String name) {
        return run("studies", "create", "--database", db(), "--data", DATA, "--study", name, "--space", "nb201",
                "--strategy", "hybrid", "--iterations", "4", "--population", "8", "--seed", "5", "--switch-at", "2",
                "--initial-predictor", "nats-bench:cifar100", "--predictor", "nats-bench:cifar10");
    }

    @Test
    void the_worker_command_printed_after_create_repeats_the_connection_options_but_never_a_password() {
        Run created = run("studies", "create", "--database", db(), "--user", "alice", "--password-env", "MY_DB_PW",
                "--data", DATA, "--study", "hint", "--iterations", "4", "--population", "8", "--seed", "5",
                "--initial-predictor", "nats-bench:cifar100", "--predictor", "nats-bench:cifar10");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("start workers with: java -jar llmnas-examples.jar worker --database "
                + db() + " --user alice --password-env MY_DB_PW --study hint");
    }

    @Test
    void a_study_created_on_the_command_line_is_run_by_a_worker_and_listed_shown_and_exported() throws Exception {
        Run created = createStudy("cli");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("study 'cli' in " + db());

        Run worker = run("worker", "--database", db(), "--data", DATA, "--study", "cli", "--name", "gpu-1",
                "--poll", "20");
        assertThat(worker.exit()).as(worker.err()).isZero();
        assertThat(worker.out()).contains("worker gpu-1: ").contains("has finished");

        Run list = run("studies", "list", "--database", db());
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith("cli "))).singleElement()
                .satisfies(l -> assertThat(l).contains("hybrid").contains("nb201").contains(" done "));

        Run show = run("studies", "show", "--database", db(), "--study", "cli");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("progress:  finished, 4 of 4 iterations stored").contains("worker:    gpu-1");

        Run csv = run("studies", "export", "--database", db(), "--study", "cli", "--format", "csv");
        assertThat(csv.exit()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,generation,predictor,state,score,attempts,worker,createdAt,startedAt,"
                + "finishedAt,architecture,reasons");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allMatch(l -> l.contains(",complete,"));

        Path json = tmp.resolve("trials.json");
        assertThat(run("studies", "export", "--database", db(), "--study", "cli", "--format", "json", "--out",
                json.toString()).exit()).isZero();
        JsonNode trials = new ObjectMapper().readTree(json.toFile());
        assertThat(trials.size()).isEqualTo(lines.size() - 1);
        assertThat(trials.get(0).path("worker").asText()).isEqualTo("gpu-1");
    }

    @Test
    void a_guided_study_records_its_schedule_in_its_configuration_and_a_worker_runs_it_to_the_end() throws Exception {
        Run created = run("studies", "create", "--database", db(), "--data", DATA, "--study", "g", "--strategy",
                "hybrid-guided", "--iterations", "6", "--population", "8", "--seed", "5", "--switch-at", "3",
                "--initial-predictor", "nats-bench:cifar100", "--predictor", "nats-bench:cifar10");
        assertThat(created.exit()).as(created.err()).isZero();
        Run worker = run("worker", "--database", db(), "--data", DATA, "--study", "g", "--name", "w", "--poll", "20");
        assertThat(worker.exit()).as(worker.err()).isZero();
        Run list = run("studies", "list", "--database", db());
        assertThat(list.out().lines().filter(l -> l.startsWith("g "))).singleElement()
                .satisfies(l -> assertThat(l).contains("hybrid-guided").contains(" done "));
        String configuration;
        try (var c = java.sql.DriverManager.getConnection(db());
             var rs = c.createStatement().executeQuery("SELECT configuration FROM study WHERE name = 'g'")) {
            assertThat(rs.next()).isTrue();
            configuration = rs.getString(1);
        }
        assertThat(configuration).contains("\"guided\"").contains("rawShare 0.7")
                .contains("disagreement tau<0.1 -> 15");
        Run csv = run("studies", "export", "--database", db(), "--study", "g", "--format", "csv");
        assertThat(csv.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.contains(",complete,"));
    }

    @Test
    void an_unknown_study_is_one_line_exit_2_and_nothing_is_written() throws Exception {
        assertThat(createStudy("known").exit()).isZero();
        byte[] before = Files.readAllBytes(tmp.resolve("studies.db"));
        for (String[] args : List.of(new String[] {"studies", "show", "--database", db(), "--study", "nope"},
                new String[] {"worker", "--database", db(), "--data", DATA, "--study", "nope"},
                new String[] {"studies", "export", "--database", db(), "--study", "nope"})) {
            Run r = run(args);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                    .isEqualTo("error: study 'nope' does not exist in " + db() + "; it holds [known]"));
        }
        assertThat(Files.readAllBytes(tmp.resolve("studies.db"))).isEqualTo(before);
    }

    @Test
    void a_missing_database_file_is_one_line_exit_2_and_is_not_created() {
        Run r = run("studies", "list", "--database", db());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: database " + db() + ": no such file"));
        assertThat(tmp.resolve("studies.db")).doesNotExist();
    }

    @Test
    void an_unreachable_database_server_is_one_line_exit_2() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/studies";
        Run r = run("studies", "list", "--database", url, "--user", "llmnas");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: database " + url + ": cannot connect: ").contains("refused"));
    }

    @Test
    void a_worker_whose_predictor_does_not_match_the_study_is_refused_with_both_fingerprints() throws Exception {
        assertThat(createStudy("s").exit()).isZero();
        byte[] before = Files.readAllBytes(tmp.resolve("studies.db"));
        Run r = run("worker", "--database", db(), "--data", DATA, "--study", "s", "--predictor",
                "nats-bench:imagenet16");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: study 's' in " + db() + " was created by another configuration: phases is")
                .matches(".*fingerprint [0-9a-f]{64} there, [0-9a-f]{64} here"));
        assertThat(Files.readAllBytes(tmp.resolve("studies.db"))).isEqualTo(before);
    }

    @Test
    void bad_create_and_worker_options_name_the_option_exit_2_and_touch_no_database() {
        String[] good = {"--database", db(), "--data", DATA, "--study", "s", "--iterations", "4", "--population", "8",
            "--initial-predictor", "nats-bench:cifar100", "--predictor", "nats-bench:cifar10"};
        java.util.Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--space", "bogus"), "--space: 'bogus' is not one of [nb201, hat-wmt14ende, hat-wmt14enfr,"
                + " hat-wmt19ende]");
        cases.put(List.of("--strategy", "bogus"), "--strategy: 'bogus' is not one of [hybrid, hybrid-guided, evolution,"
                + " random]");
        cases.put(List.of("--strategy", "hybrid-guided", "--switch-at", "4"), "--switch-at: 4 is not allowed with"
                + " --strategy hybrid-guided; it needs both phases, a switch in [1, 3]");
        cases.put(List.of("--switch-at", "-1"), "--switch-at: -1 is not allowed; it must be in [0, 4] (the"
                + " --iterations)");
        cases.put(List.of("--switch-at", "1000"), "--switch-at: 1000 is not allowed; it must be in [0, 4] (the"
                + " --iterations)");
        cases.put(List.of("--max-attempts", "0"), "--max-attempts: 0 is not allowed; it must be at least 1");
        cases.put(List.of("--grace", "-1"), "--grace: -1 is not allowed; it must be at least 1 (seconds)");
        cases.put(List.of("--strategy", "random"), "--initial-predictor: only used with --strategy hybrid or"
                + " hybrid-guided, not --strategy random");
        for (var c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("studies", "create"));
            args.addAll(List.of(good));
            args.addAll(c.getKey());
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(c.getKey().toString()).isEqualTo(2);
            assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                    .isEqualTo("error: " + c.getValue()));
        }
        // options replaced rather than added
        java.util.Map<String[], String> replaced = new java.util.LinkedHashMap<>();
        replaced.put(new String[] {"--iterations", "0"}, "--iterations: 0 is not allowed; it must be at least 1");
        replaced.put(new String[] {"--population", "1"}, "--population: 1 is not allowed; it must be at least 2");
        replaced.put(new String[] {"--study", ""}, "--study: '' is not allowed; a study name has 1 to 200 characters");
        replaced.put(new String[] {"--predictor", "bogus"}, "--predictor: 'bogus' must be scheme:rest");
        replaced.put(new String[] {"--initial-predictor", "nats-bench:mnist"}, "--initial-predictor:"
                + " 'nats-bench:mnist': data set 'mnist' is unknown");
        replaced.put(new String[] {"--database", "bogus"}, "--database: 'bogus' is not supported; use"
                + " jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
        for (var c : replaced.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of(good));
            args.set(args.indexOf(c.getKey()[0]) + 1, c.getKey()[1]);
            args.addAll(0, List.of("studies", "create"));
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(c.getKey()[0]).isEqualTo(2);
            assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("error: " + c.getValue()));
        }
        Run poll = run("worker", "--database", db(), "--data", DATA, "--study", "s", "--poll", "-1");
        assertThat(poll.exit()).isEqualTo(2);
        assertThat(poll.err().strip()).isEqualTo("error: --poll: -1 is not allowed; it must be at least 1"
                + " (milliseconds)");
        Run predictor = run("worker", "--database", db(), "--data", DATA, "--study", "s", "--predictor", "bogus");
        assertThat(predictor.exit()).isEqualTo(2);
        assertThat(predictor.err().strip()).startsWith("error: --predictor: 'bogus' must be scheme:rest");
        Run database = run("worker", "--database", "bogus", "--data", DATA, "--study", "s");
        assertThat(database.exit()).isEqualTo(2);
        assertThat(database.err().strip()).startsWith("error: --database: 'bogus' is not supported");
        Run format = run("studies", "export", "--database", db(), "--study", "s", "--format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().strip()).isEqualTo("error: --format: 'xml' is not one of csv, json");
        assertThat(tmp.resolve("studies.db")).as("no database was created").doesNotExist();
    }
}
