package dev.flashbank.core.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.ops.OperationResult;

/**
 * What a launch did: the results of its operations in order and the option-byte backup it kept.
 *
 * @param type launch type id
 * @param target the target, as described to the user
 * @param results each operation's result (bank update, program, swap, option write ...)
 * @param optionBackup the .fbopt backup written before anything changed, if one was asked for
 */
public record LaunchResult(String type, String target, List<OperationResult> results, Optional<Path> optionBackup)
        implements OperationResult {

    public LaunchResult {
        results = List.copyOf(results);
    }

    @Override
    public String summary() {
        return results.stream().map(OperationResult::summary).collect(Collectors.joining("\n"))
                + optionBackup.map(b -> "\noption bytes before the launch saved in " + b).orElse("");
    }

    @Override
    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("target", target);
        List<Object> rs = new ArrayList<>();
        results.forEach(r -> rs.add(r.data()));
        m.put("results", rs);
        m.put("optionBackup", optionBackup.map(Path::toString).orElse(null));
        return m;
    }
}
