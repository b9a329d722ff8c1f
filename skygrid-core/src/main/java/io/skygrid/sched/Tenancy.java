package io.skygrid.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants of a scenario and how workload tenants (a Philly virtual cluster {@code vc}, an Alibaba
 * user, a generator tenant) map onto them.
 *
 * <p>Mapping of a job's tenant name {@code x}: {@code tenantOf[x]} if present; else {@code x} itself if a
 * tenant of that name is configured; else {@code defaultTenant} if set; else the job cannot be mapped and
 * the run stops with an input error naming the job (nothing is dropped silently).
 *
 * <p>Without configured tenants ({@link #implicit()}), every distinct workload tenant becomes a tenant of
 * its own with weight 1, no reservation and no borrowing limit, so fair-share policies still compare the
 * trace's own tenants.
 *
 * @param tenants       configured tenants, in scenario order (empty: implicit tenants)
 * @param tenantOf      workload tenant name -> configured tenant name
 * @param defaultTenant tenant of jobs whose tenant is not mapped, or null (then such a job is an error)
 */
public record Tenancy(List<TenantSpec> tenants, Map<String, String> tenantOf, String defaultTenant) {
    public Tenancy {
        tenants = List.copyOf(tenants);
        tenantOf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tenantOf));
    }

    /** No configured tenants: the workload's own tenant names are used as they are. */
    public static Tenancy implicit() {
        return new Tenancy(List.of(), Map.of(), null);
    }

    /** @return whether tenants are configured in the scenario */
    public boolean configured() {
        return !tenants.isEmpty();
    }

    /**
     * @param workloadTenant a job's tenant as loaded
     * @return the configured tenant's name, or null if it cannot be mapped (configured tenancy only);
     * with implicit tenancy the name itself
     */
    public String resolve(String workloadTenant) {
        if (!configured()) {
            return workloadTenant;
        }
        String mapped = tenantOf.get(workloadTenant);
        if (mapped != null) {
            return mapped;
        }
        for (TenantSpec t : tenants) {
            if (t.name().equals(workloadTenant)) {
                return workloadTenant;
            }
        }
        return defaultTenant;
    }

    /**
     * The tenants a run uses: the configured ones (scenario order), or one plain tenant per distinct name
     * in {@code workloadTenants}, sorted by name.
     */
    public List<TenantSpec> effectiveTenants(Iterable<String> workloadTenants) {
        if (configured()) {
            return tenants;
        }
        java.util.TreeMap<String, TenantSpec> seen = new java.util.TreeMap<>();
        for (String t : workloadTenants) {
            seen.computeIfAbsent(t, TenantSpec::plain);
        }
        return new ArrayList<>(seen.values());
    }
}
