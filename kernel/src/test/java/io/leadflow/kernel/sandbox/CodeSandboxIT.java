package io.leadflow.kernel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.code.CodeException;
import io.leadflow.api.code.CodeMode;
import io.leadflow.api.code.CodeRequest;
import io.leadflow.api.code.CodeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox pool against the machine's bubblewrap and Node.js: what user code can do, and every
 * way out it tries, refused or contained, with the pool still answering afterwards.
 */
class CodeSandboxIT {
    static final SandboxSettings SETTINGS = new SandboxSettings(true, 2, 64, 100, 300, Duration.ofSeconds(20),
            1024 * 1024, 50, 4096, Optional.empty(), Optional.empty());
    private static CodeSandboxPool pool;

    @BeforeAll
    static void start() {
        pool = CodeSandboxPool.start(SETTINGS);
        assertThat(pool.unavailableReason()).as("the sandbox must work on the machines the tests run on").isEmpty();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static CodeResult run(CodeRequest request) throws Exception {
        try {
            return pool.run(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static CodeResult run(String source) throws Exception {
        return run(CodeRequest.javascript(source).items(List.of(Map.of("a", 1), Map.of("a", 2)))
                .timeout(Duration.ofSeconds(2)).build());
    }

    static CodeException failure(String source) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> run(source)).isInstanceOf(CodeException.class).satisfies(e -> caught[0] = e);
        return (CodeException) caught[0];
    }

    @Test
    void runsAllItemsOnceWithConsoleCaptured() throws Exception {
        CodeResult result = run("console.log('seen', items.length, {x: 1});\n"
                + "return items.map(i => ({ json: { doubled: i.json.a * 2 } }));");
        assertThat(result.items()).containsExactly(Map.of("doubled", 2), Map.of("doubled", 4));
        assertThat(result.console()).containsExactly("seen 2 {\"x\":1}");
    }

    @Test
    void runsEachItemWithItsIndexAndDropsNull() throws Exception {
        CodeResult result = run(CodeRequest.javascript("if ($json.a === 2) return null; return { a: $json.a, at: $itemIndex, "
                        + "lead: $lead.email, run: $execution.id };")
                .mode(CodeMode.EACH_ITEM).items(List.of(Map.of("a", 1), Map.of("a", 2), Map.of("a", 3)))
                .lead(Map.of("email", "ada@example.org")).variable("execution", Map.of("id", "e-1")).build());
        assertThat(result.items()).containsExactly(
                Map.of("a", 1, "at", 0, "lead", "ada@example.org", "run", "e-1"),
                Map.of("a", 3, "at", 2, "lead", "ada@example.org", "run", "e-1"));
    }

    @Test
    void awaitsPromisesButNotTimers() throws Exception {
        assertThat(run("const v = await Promise.resolve(41); return [{ v: v + 1 }];").items())
                .containsExactly(Map.of("v", 42));
        assertThat(failure("await new Promise(() => {}); return items;").getMessage()).contains("never happens");
        assertThat(failure("setTimeout(() => 1, 10); return items;").getMessage()).contains("setTimeout is not defined");
    }

    @Test
    void namesTheLineOfASyntaxErrorAndOfAThrow() {
        CodeException syntax = failure("const a = 1;\nreturn a +;");
        assertThat(syntax.code()).isEqualTo(CodeException.SYNTAX_ERROR);
        assertThat(syntax.getMessage()).contains("line 2");
        CodeException thrown = failure("console.log('before');\nthrow new Error('no lead');");
        assertThat(thrown.code()).isEqualTo(CodeException.CODE_ERROR);
        assertThat(thrown.getMessage()).contains("Error: no lead").contains("line 2");
        assertThat(thrown.console()).containsExactly("before");
        assertThat(failure("return 5;").code()).isEqualTo(CodeException.INVALID_RESULT);
    }

    @Test
    void refusesProcessRequireAndEnvironment() {
        assertThat(failure("return [{ env: process.env }];").getMessage()).contains("process is not defined");
        assertThat(failure("return [{ m: require('child_process') }];").getMessage()).contains("require is not defined");
        assertThat(failure("return [{ b: process.binding('spawn_sync') }];").getMessage())
                .contains("process is not defined");
    }

    @Test
    void theGlobalObjectHoldsNothingOfTheHost() throws Exception {
        Object names = run("return [{ names: Object.getOwnPropertyNames(globalThis).join(' ') }];").items().get(0)
                .get("names");
        assertThat(names.toString().split(" ")).doesNotContain("process", "require", "Buffer", "module",
                "__in", "__compile", "setTimeout", "fetch", "WebAssembly");
    }

    @Test
    void theClassicConstructorEscapeFindsNoProcess() {
        // the way out of a Node vm context: a host function's constructor evaluates code in the host
        CodeException e = failure("const F = console.log.constructor.constructor;\nreturn [{ p: F('return process')() }];");
        assertThat(e.getMessage()).contains("Code generation from strings disallowed");
        CodeException viaItems = failure("return [{ p: items.constructor.constructor('return process')() }];");
        assertThat(viaItems.getMessage()).contains("Code generation from strings disallowed");
        CodeException viaEval = failure("return [{ p: eval('1') }];");
        assertThat(viaEval.getMessage()).contains("Code generation from strings disallowed");
    }

    @Test
    void anInfiniteLoopIsStoppedAtItsTimeout() throws Exception {
        long started = System.nanoTime();
        CodeException e = failure("while (true) {}");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(e.code()).isEqualTo(CodeException.TIMEOUT);
        assertThat(tookMillis).isLessThan(2_000 + 1_500);
        assertThat(run("return [{ after: true }];").items()).containsExactly(Map.of("after", true));
    }

    @Test
    void anEndlessAsyncLoopIsStoppedToo() {
        assertThat(failure("while (true) { await null; }").code()).isEqualTo(CodeException.TIMEOUT);
    }

    @Test
    void allocatingTenGigabytesIsRefusedOrEndsOnlyTheWorker() throws Exception {
        CodeException buffer = failure("const b = new ArrayBuffer(10 * 1024 * 1024 * 1024); return [{ n: b.byteLength }];");
        assertThat(buffer.code()).isIn(CodeException.CODE_ERROR, CodeException.MEMORY);
        CodeException heap = failure("const all = []; while (true) { all.push(new Array(1e6).fill(7)); }");
        assertThat(heap.code()).isEqualTo(CodeException.MEMORY);
        assertThat(heap.getMessage()).contains("64 MB");
        assertThat(run("return [{ alive: 1 }];").items()).containsExactly(Map.of("alive", 1));
    }

    @Test
    void printingAGigabyteKeepsABoundedConsole() throws Exception {
        CodeResult result = run("const mb = 'x'.repeat(1024 * 1024);\n"
                + "for (let i = 0; i < 1024; i++) console.log(mb);\nreturn [{ done: true }];");
        assertThat(result.items()).containsExactly(Map.of("done", true));
        assertThat(String.join("", result.console()).length()).isLessThanOrEqualTo(4096 + 200);
        assertThat(result.console().get(result.console().size() - 1)).contains("more console line(s) dropped");
        CodeException huge = failure("return [{ s: 'y'.repeat(2 * 1024 * 1024) }];");
        assertThat(huge.code()).isEqualTo(CodeException.OUTPUT_TOO_LARGE);
    }

    @Test
    void aCrashedWorkerIsReplaced() throws Exception {
        // a V8 fatal error on purpose: a string past the engine's limit built through a rope
        CodeException e = failure("let s = 'x'; const all = []; for (;;) { all.push(s + Math.random()); s = s + s; }");
        assertThat(e.code()).isIn(CodeException.MEMORY, CodeException.CODE_ERROR);
        for (int i = 0; i < 4; i++) {
            assertThat(run("return [{ i: " + i + " }];").items()).containsExactly(Map.of("i", i));
        }
    }

    @Test
    void otherLanguagesAreRefused() {
        assertThatThrownBy(() -> run(CodeRequest.of("python", "return items").build()))
                .isInstanceOfSatisfying(CodeException.class,
                        e -> assertThat(e.code()).isEqualTo(CodeException.UNSUPPORTED_LANGUAGE));
    }
}
