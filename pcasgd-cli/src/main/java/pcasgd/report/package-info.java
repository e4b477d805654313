/** Metrics files, tables and figures made from runs and sweeps; they read metrics, never a runtime. */
package pcasgd.report;
