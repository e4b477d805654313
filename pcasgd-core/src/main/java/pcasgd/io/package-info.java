/** Internal: files written whole or not at all (temporary file, then an atomic move). */
package pcasgd.io;
