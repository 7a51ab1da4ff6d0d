package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.InMemoryState;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoopOverItemsNodeTest {
    private final LoopOverItemsNode node = new LoopOverItemsNode();
    private final InMemoryState state = new InMemoryState();

    @Test
    void hasMainAndContinueInLoopAndDoneOut() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.loop");
        assertThat(node.descriptor().inputs()).extracting(p -> p.name()).containsExactly("main", "continue");
        assertThat(node.descriptor().outputs()).extracting(p -> p.name()).containsExactly("loop", "done");
        assertThat(LoopOverItemsNode.BATCH_SIZE.defaultValue()).isEqualTo(10);
    }

    @Test
    void sendsBatchesUntilEverythingCameBackThenEmitsAllInOrder() {
        List<Item> items = numbered(5);
        TestContext context = context("ex-1", 2);

        NodeResult result = NodeRunner.run(node, NodeInput.of(items), context);
        List<List<Item>> batches = new ArrayList<>();
        while (result instanceof NodeResult.Emit emit && emit.byPort().containsKey("loop")) {
            List<Item> batch = NodeRunner.itemsOn(result, "loop");
            batches.add(batch);
            // the loop body marks each item as processed
            List<Item> processed = batch.stream()
                    .map(item -> Item.of(Map.of("n", item.get("n"), "done", true))).toList();
            result = NodeRunner.run(node, new NodeInput(Map.of("continue", processed)), context);
        }

        assertThat(batches).containsExactly(items.subList(0, 2), items.subList(2, 4), items.subList(4, 5));
        assertThat(NodeRunner.itemsOn(result, "done")).extracting(item -> item.get("n")).containsExactly(0, 1, 2, 3, 4);
        assertThat(NodeRunner.itemsOn(result, "done")).allSatisfy(item -> assertThat(item.get("done")).isEqualTo(true));
        assertThat(state.get("loop/ex-1/node-1").toCompletableFuture().join()).isEmpty();
    }

    @Test
    void keepsExecutionsApart() {
        TestContext first = context("ex-1", 1);
        TestContext second = context("ex-2", 1);
        NodeRunner.run(node, NodeInput.of(numbered(2)), first);
        NodeRunner.run(node, NodeInput.of(List.of(Item.of(Map.of("other", true)))), second);

        NodeResult secondDone = NodeRunner.run(node, new NodeInput(Map.of("continue", List.of(Item.of(Map.of("x", 2))))),
                second);
        NodeResult firstNext = NodeRunner.run(node, new NodeInput(Map.of("continue", List.of(Item.of(Map.of("x", 1))))),
                first);

        assertThat(NodeRunner.itemsOn(secondDone, "done")).containsExactly(Item.of(Map.of("x", 2)));
        assertThat(NodeRunner.itemsOn(firstNext, "loop")).containsExactly(Item.of(Map.of("n", 1)));
    }

    @Test
    void noItemsMeansDoneAtOnce() {
        NodeResult result = NodeRunner.run(node, NodeInput.of(List.of()), context("ex-1", 3));

        assertThat(result).isEqualTo(NodeResult.toPort("done", List.of()));
    }

    @Test
    void itemsComingBackWithoutALoopAreAPermanentFailure() {
        NodeResult result = NodeRunner.run(node, new NodeInput(Map.of("continue", numbered(1))), context("ex-9", 3));

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("loop_state_missing");
        });
    }

    private TestContext context(String execution, int batchSize) {
        return TestContext.builder().ids("wf-1", execution, "node-1").state(state).config("batchSize", batchSize).build();
    }

    private static List<Item> numbered(int count) {
        return IntStream.range(0, count).mapToObj(n -> Item.of(Map.of("n", n))).toList();
    }
}
