/** Files written whole or not at all (temporary file, then an atomic move), by every module that writes results. */
package pcasgd.io;
