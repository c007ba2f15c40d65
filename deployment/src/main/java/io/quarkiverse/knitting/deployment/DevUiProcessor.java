package io.quarkiverse.knitting.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.AnnotationValue;

import io.quarkiverse.knitting.runtime.devui.KnittingJsonRpcService;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI card in dev mode: a Tasks page from what the build found, and a Pools page that shows each pool's lanes
 * live over JSON-RPC ({@link KnittingJsonRpcService}).
 */
class DevUiProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card(List<TaskMethodBuildItem> tasks) {
        CardPageBuildItem card = new CardPageBuildItem();
        List<Map<String, Object>> described = new ArrayList<>();
        for (TaskMethodBuildItem task : tasks) {
            described.add(describe(task));
        }
        card.addBuildTimeData("tasks", described);
        card.addPage(Page.webComponentPageBuilder().title("Tasks").icon("font-awesome-solid:list-check")
                .componentLink("qwc-knitting-tasks.js").staticLabel(String.valueOf(tasks.size())));
        card.addPage(Page.webComponentPageBuilder().title("Pools").icon("font-awesome-solid:gears")
                .componentLink("qwc-knitting-pools.js"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(KnittingJsonRpcService.class);
    }

    private static Map<String, Object> describe(TaskMethodBuildItem task) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("method", task.describe());
        described.put("bean", task.beanClass().toString());
        described.put("pool", task.pool());
        List<String> options = new ArrayList<>();
        for (AnnotationValue value : task.binding().values()) {
            if (!value.name().equals("pool")) {
                options.add(value.name() + "=" + value.value());
            }
        }
        described.put("options", options.isEmpty() ? "defaults" : String.join(", ", options));
        return described;
    }
}
