package org.scda.data.voc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.scda.data.DataFormatException;
import org.scda.util.ScdaException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses XML with the JDK's parser hardened against XXE: no DOCTYPE, no external entities or
 * DTDs, no XInclude. Parse errors become {@link DataFormatException}s with file and line.
 */
final class SafeXml {
    private final DocumentBuilderFactory factory;

    SafeXml() {
        factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser does not support the hardening features", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
    }

    Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new Quiet());
            return builder.parse(in, file.toUri().toString());
        } catch (SAXParseException e) {
            throw new DataFormatException(file, Math.max(e.getLineNumber(), 0), "malformed XML: " + e.getMessage());
        } catch (SAXException e) {
            throw new DataFormatException(file, "malformed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new ScdaException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Turns every problem into an exception instead of printing "[Fatal Error]" to stderr. */
    private static final class Quiet implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
